#!/usr/bin/env bash
# STYLE.md layering: a folder includes only itself and folders before it;
# only efi/, boot/ and shell/ may see gnu-efi headers.
set -euo pipefail
order=("$@")
fail=0
declare -A rank
for i in "${!order[@]}"; do rank[${order[$i]}]=$i; done
# fs/ and acpi/ and hwinfo/ sit side by side after mm/.
for d in "${order[@]}"; do
	[[ -d $d ]] || continue
	while IFS=: read -r file _ inc; do
		target=${inc#*\"}; target=${target%%/*}
		[[ -n ${rank[$target]+x} ]] || continue
		if (( rank[$target] > rank[$d] )); then
			echo "check-layering: FAIL: $file includes $target/ (a later layer than $d/)"
			fail=1
		fi
		if [[ $d != "$target" && $d =~ ^(acpi|hwinfo|fs)$ && $target =~ ^(acpi|hwinfo|fs)$ ]]; then
			echo "check-layering: FAIL: $file: $d/ and $target/ are siblings"
			fail=1
		fi
	done < <(grep -Hn '^#include "' "$d"/*.[ch] 2>/dev/null || true)
	case $d in
	efi|boot|shell) ;;
	*) if grep -Hn '#include <efi' "$d"/*.[ch] 2>/dev/null; then
		echo "check-layering: FAIL: only efi/, boot/, shell/ may include gnu-efi headers"
		fail=1
	   fi ;;
	esac
done
(( fail )) && exit 1
echo "check-layering: ok (${order[*]})"
