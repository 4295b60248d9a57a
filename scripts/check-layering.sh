#!/usr/bin/env bash
# STYLE.md layering: a folder includes only itself and folders before it;
# only efilib/, efi/, boot/ and shell/ may see gnu-efi headers; and boot/
# and shell/, the firmware's EFI clients, see efi/ only through its door
# "efi/efi.h" (the rest they reach through the system table, with efilib/).
set -euo pipefail
order=("$@")
fail=0
declare -A rank
for i in "${!order[@]}"; do rank[${order[$i]}]=$i; done
# fs/ and acpi/ and hwinfo/ sit side by side after mm/.
for d in "${order[@]}"; do
	[[ -d $d ]] || continue
	while IFS=: read -r file _ inc; do
		path=${inc#*\"}; path=${path%%\"*}
		target=${path%%/*}
		[[ -n ${rank[$target]+x} ]] || continue
		if (( rank[$target] > rank[$d] )); then
			echo "check-layering: FAIL: $file includes $target/ (a later layer than $d/)"
			fail=1
		fi
		if [[ $d != "$target" && $d =~ ^(acpi|hwinfo|fs)$ && $target =~ ^(acpi|hwinfo|fs)$ ]]; then
			echo "check-layering: FAIL: $file: $d/ and $target/ are siblings"
			fail=1
		fi
		if [[ $d =~ ^(boot|shell)$ && $target == efi && $path != efi/efi.h ]]; then
			echo "check-layering: FAIL: $file includes $path: boot/ and shell/ see efi/ only through \"efi/efi.h\""
			fail=1
		fi
	done < <(grep -Hn '^#include "' "$d"/*.[ch] 2>/dev/null || true)
	case $d in
	efilib|efi|boot|shell) ;;
	*) if grep -Hn '#include <efi' "$d"/*.[ch] 2>/dev/null; then
		echo "check-layering: FAIL: only efilib/, efi/, boot/, shell/ may include gnu-efi headers"
		fail=1
	   fi ;;
	esac
done
(( fail )) && exit 1
echo "check-layering: ok (${order[*]})"
