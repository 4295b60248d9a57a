#!/usr/bin/env bash
# mkesp.sh OUT.img [options] [SRC:/PATH/IN/ESP ...]
# Builds a disk image for boot tests: a GPT (sgdisk) with one EFI System
# Partition formatted FAT (mkfs.fat) holding the given files (mtools), at
# LBA 2048. Written to OUT.img.tmp then renamed, so parallel tests never
# see half an image.
#   --size MIB      disk size (default 64)
#   --fat 12|16|32  FAT type of the ESP (default 32; 32 needs >= 33 MiB)
#   --mbr           an MBR partition table (type 0xEF) instead of GPT
#   --label NAME    volume label (default CLOUDHV)
#   --dir /PATH     create an (empty) directory
#   SRC:/PATH       copy host file SRC to /PATH (directories made as needed);
#                   SRC may be "-" with --text: see below
#   --text /PATH=CONTENT  a file holding CONTENT (printf %b escapes)
set -euo pipefail
export MTOOLS_SKIP_CHECK=1
out=$1
shift
size=64 fat=32 mbr=0 label=CLOUDHV
files=() dirs=() texts=()
while (($#)); do
	case $1 in
	--size) size=$2; shift 2 ;;
	--fat) fat=$2; shift 2 ;;
	--mbr) mbr=1; shift ;;
	--label) label=$2; shift 2 ;;
	--dir) dirs+=("$2"); shift 2 ;;
	--text) texts+=("$2"); shift 2 ;;
	*) files+=("$1"); shift ;;
	esac
done
tmp=$out.tmp.$$
part=$out.part.$$
trap 'rm -f "$tmp" "$part"' EXIT
start=2048
sectors=$((size * 2048))
psectors=$((sectors - start - 34))
truncate -s 0 "$tmp"
truncate -s "${size}M" "$tmp"
if ((mbr)); then
	printf 'label: dos\n%d,%d,ef\n' "$start" "$psectors" | sfdisk -q "$tmp"
else
	sgdisk -n "1:$start:$((start + psectors - 1))" -t 1:EF00 -c 1:ESP "$tmp" >/dev/null
fi
truncate -s $((psectors * 512)) "$part"
mkfs.fat -F "$fat" -n "$label" "$part" >/dev/null
mkdirs() { # make every parent of $1 in the FAT image
	local p="" c
	IFS=/ read -ra parts <<<"${1#/}"
	for c in "${parts[@]:0:${#parts[@]}-1}"; do
		p="$p/$c"
		mmd -D s -i "$part" "::$p" 2>/dev/null || true
	done
}
for d in "${dirs[@]}"; do mkdirs "$d/x"; done
for f in "${files[@]}"; do
	src=${f%%:/*} dst=/${f#*:/}
	mkdirs "$dst"
	mcopy -o -i "$part" "$src" "::$dst"
done
for t in "${texts[@]}"; do
	dst=${t%%=*} content=${t#*=}
	mkdirs "$dst"
	printf '%b' "$content" >"$part.txt"
	mcopy -o -i "$part" "$part.txt" "::$dst"
	rm -f "$part.txt"
done
dd if="$part" of="$tmp" bs=512 seek="$start" conv=notrunc status=none
mv -f "$tmp" "$out"
