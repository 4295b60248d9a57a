#!/usr/bin/env bash
# Proves the ELF contract of DESIGN.md "Link and load" on the built image.
set -euo pipefail
elf=${1:?usage: check-elf.sh build/cloudhv-fw.elf}
fail=0
bad() { echo "check-elf: FAIL: $*"; fail=1; }

hdr=$(readelf -hW "$elf")
grep -q 'Class:.*ELF64' <<<"$hdr" || bad "not ELF64"
grep -q 'Machine:.*X86-64' <<<"$hdr" || bad "not x86-64"
entry=$(awk '/Entry point address/ {print $4}' <<<"$hdr")
(( entry >= 0x100000 )) || bad "e_entry $entry below 1 MiB"

phdrs=$(readelf -lW "$elf" | awk '$1 == "LOAD" || $1 == "NOTE"')
while read -r type off vaddr paddr filesz memsz rest; do
	if [[ $type == LOAD ]] && (( paddr < 0x100000 )); then
		bad "PT_LOAD at physical $paddr below 1 MiB"
	fi
done <<<"$phdrs"
nnotes=$(grep -c '^ *NOTE' <<<"$phdrs" || true)
[[ $nnotes == 1 ]] || bad "$nnotes PT_NOTE segments (want exactly 1)"
align=$(awk '$1 == "NOTE" {print $NF}' <<<"$phdrs")
[[ $align == 0x4 ]] || bad "PT_NOTE p_align $align (want 0x4)"

# The note: owner Xen, type 18 (PHYS32_ENTRY), 32-bit entry address.
notes=$(readelf -nW "$elf")
grep -Eq '^[[:space:]]*Xen[[:space:]]+0x00000004[[:space:]].*\(0x00000012\)' <<<"$notes" ||
	bad "no Xen note of type 18 with a 4-byte descriptor"
noff=$(readelf -lW "$elf" | awk '$1 == "NOTE" {print $2}')
desc=$(od -An -tx4 -j $((noff + 16)) -N4 "$elf" | tr -d ' ')
sym=$(nm "$elf" | awk '$3 == "pvh_start32" {print $1}')
(( 0x$desc == 0x$sym )) || bad "note entry 0x$desc != pvh_start32 0x$sym"
(( 0x$desc >= 0x100000 )) || bad "note entry 0x$desc below 1 MiB"

# QEMU tries multiboot first: its magic must not appear in the first 8 KiB.
if head -c 8192 "$elf" | od -An -tx4 -w4 -v | grep -qE '1badb002|e85250d6'; then
	bad "multiboot magic in the first 8 KiB"
fi
for s in .note.gnu.property .note.gnu.build-id .interp .dynamic; do
	readelf -SW "$elf" | grep -qF " $s " && bad "unexpected section $s"
done
if (( fail )); then exit 1; fi
echo "check-elf: ok ($elf: entry $entry, 1 PT_NOTE, Xen entry 0x$desc)"
