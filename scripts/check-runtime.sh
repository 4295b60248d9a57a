#!/usr/bin/env bash
# Proves that the runtime region (Makefile RT_C, efi/runtime/rt.h) is
# self-contained and position-independent, so that it keeps working after
# SetVirtualAddressMap moved it (UEFI 2.10 §8.4):
#  1. the region's relocatable object references no symbol outside itself;
#  2. its code and data use only PC-relative relocations; absolute 64-bit
#     pointers only in .rt.convert (the RT services table, whose pointers
#     SetVirtualAddressMap converts itself); no GOT, no 32-bit absolutes;
#  3. in the firmware, every symbol of the region lies inside the page-
#     aligned .rt.text/.rt.data ranges, and nothing else does.
set -euo pipefail
rt=${1:?usage: check-runtime.sh build/fw/rt.o build/cloudhv-fw.elf}
elf=${2:?usage: check-runtime.sh build/fw/rt.o build/cloudhv-fw.elf}
fail=0
bad() { echo "check-runtime: FAIL: $*"; fail=1; }

undef=$(nm -u "$rt" | awk '{print $2}')
[[ -z $undef ]] || bad "runtime code references outside symbols: $(echo $undef)"

# objdump -r: "RELOCATION RECORDS FOR [section]:" then OFFSET TYPE VALUE.
relocs=$(objdump -r "$rt" | awk '
	/^RELOCATION RECORDS FOR/ { sec = $4; sub(/^\[/, "", sec); sub(/\]:$/, "", sec); next }
	NF >= 3 && $1 ~ /^[0-9a-f]+$/ { print sec, $2, $3 }')
nrel=0
while read -r sec type sym; do
	[[ -n $sec ]] || continue
	case $sec in .debug*|.comment|.note*) continue ;; esac
	nrel=$((nrel + 1))
	case $type in
	R_X86_64_PC32|R_X86_64_PLT32|R_X86_64_PC64) ;;
	R_X86_64_64)
		[[ $sec == .rt.convert ]] ||
			bad "absolute pointer in $sec -> $sym (only .rt.convert may hold them)" ;;
	*) bad "relocation $type in $sec -> $sym (not position-independent)" ;;
	esac
done <<<"$relocs"

sym() { nm "$elf" | awk -v s="$1" '$3 == s {print "0x" $1}'; }
ts=$(sym __rt_text_start) te=$(sym __rt_text_end)
ds=$(sym __rt_data_start) de=$(sym __rt_data_end)
if [[ -z $ts || -z $te || -z $ds || -z $de ]]; then
	bad "no __rt_text/__rt_data bounds in $elf"
else
	(( ts % 4096 == 0 && te % 4096 == 0 && ds % 4096 == 0 && de % 4096 == 0 )) ||
		bad "runtime ranges not page-aligned"
	inside() { (( ($1 >= ts && $1 < te) || ($1 >= ds && $1 < de) )); }
	# Every global symbol of the region is inside; no symbol of the rest
	# of the firmware is (local names such as CSWTCH.n exist in both).
	declare -A mine glob
	while read -r _ kind name; do
		mine[$name]=1
		[[ $kind == [A-Z] ]] && glob[$name]=1
	done < <(nm --defined-only "$rt" | grep -v ' [aA] ')
	nin=0
	while read -r addr kind name; do
		case $kind in [aAUw]) continue ;; esac
		[[ $name == __rt_* ]] && continue
		if [[ -n ${glob[$name]+x} ]]; then
			inside "0x$addr" || bad "runtime symbol $name at 0x$addr is outside the region"
			nin=$((nin + 1))
		elif [[ -z ${mine[$name]+x} ]] && inside "0x$addr"; then
			bad "$name at 0x$addr (not runtime code) is inside the region"
		fi
	done < <(nm "$elf")
fi
(( fail )) && exit 1
printf 'check-runtime: ok (%d relocations, %d global symbols in code [%s-%s) data [%s-%s))\n' \
	"$nrel" "$nin" "$ts" "$te" "$ds" "$de"
