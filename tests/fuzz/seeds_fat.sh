#!/usr/bin/env bash
# Seeds for the fat fuzz target (tests/fuzz/fuzz_fat.c: the input is the
# start of a disk of 512-byte blocks, up to 4 MiB): the first sectors of
# small volumes made by mkfs.fat and filled by mtools, each long enough to
# hold the boot sector, FATs, root directory and first clusters.
#   fat12-tiny  128 KiB, one FAT, 16 root entries: a directory, a long name
#   fat12       512 KiB: label, nested directories, long and Unicode names,
#               a multi-cluster file, a deleted one
#   fat16       2.2 MiB (FAT16 needs 4085 clusters), 64 root entries, same
#   fat32, fat32-4k  empty FAT32 layouts with few clusters (mkfs.fat warns;
#               Linux and our parser take them as FAT32): 512- and 4096-byte
#               sectors
# Usage: seeds_fat.sh DIR
set -euo pipefail
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
m() { MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 "$@"; }

echo hi >"$tmp/hi.txt"
head -c 3000 /dev/zero | tr '\0' 'x' >"$tmp/multi.bin"
printf 'unicode\n' >"$tmp/héllo wörld.txt"

populate() { # populate IMAGE
	m mmd -i "$1" ::/dir ::/dir/sub
	m mcopy -i "$1" "$tmp/hi.txt" "::/dir/a long file name.txt"
	m mcopy -i "$1" "$tmp/multi.bin" ::/MULTI.BIN
	m mcopy -i "$1" "$tmp/héllo wörld.txt" ::/dir/sub/
	m mcopy -i "$1" "$tmp/hi.txt" ::/GONE.TXT
	m mdel -i "$1" ::/GONE.TXT
	m mcopy -i "$1" "$tmp/hi.txt" ::/B.TXT
}

mkfs.fat -F 12 -f 1 -r 16 -s 1 -C "$tmp/tiny.img" 128 >/dev/null
m mmd -i "$tmp/tiny.img" ::/d
m mcopy -i "$tmp/tiny.img" "$tmp/hi.txt" "::/d/long name here.txt"
m mcopy -i "$tmp/tiny.img" "$tmp/hi.txt" ::/B.TXT
head -c 4096 "$tmp/tiny.img" >"$out/fat12-tiny"

mkfs.fat -F 12 -s 1 -n FUZZ12 -C "$tmp/fat12.img" 512 >/dev/null
populate "$tmp/fat12.img"
head -c 32768 "$tmp/fat12.img" >"$out/fat12"

mkfs.fat -F 16 -s 1 -r 64 -n FUZZ16 -C "$tmp/fat16.img" 2200 >/dev/null
populate "$tmp/fat16.img"
head -c 49152 "$tmp/fat16.img" >"$out/fat16"

mkfs.fat -F 32 -s 1 -n FUZZ32 -C "$tmp/fat32.img" 1024 >/dev/null 2>&1
head -c 40960 "$tmp/fat32.img" >"$out/fat32"

mkfs.fat -F 32 -S 4096 -s 1 -R 8 -n FUZZ4K -C "$tmp/fat32k.img" 4096 >/dev/null 2>&1
head -c 49152 "$tmp/fat32k.img" >"$out/fat32-4k"
