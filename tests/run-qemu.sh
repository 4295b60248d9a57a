#!/usr/bin/env bash
# Runs every test_* function of tests/qemu/t_*.sh, two at a time (the
# machines have two cores), and prints "ok"/"not ok" lines and a summary.
# Usage: tests/run-qemu.sh [name-filter-regex]
set -uo pipefail
cd "$(dirname "$0")/.."
filter=${1:-.}
export OUT=build/test
mkdir -p "$OUT/results"
# Shared inputs are built once, before tests run two at a time.
make --no-print-directory efi-apps >/dev/null || { echo "qemu: cannot build the EFI test apps"; exit 1; }
for p in kernel helloworld ukistub grubmods shim shimsigned grubsigned; do # Debian payloads, unpacked once
	tests/qemu/payloads.sh $p >/dev/null || { echo "qemu: cannot unpack payload $p"; exit 1; }
done
rm -f "$OUT"/results/*
# The busybox initramfs of the Linux payload tests, with this run's modules.
rm -f "$OUT/initramfs.cpio.gz"
tests/qemu/mkinitramfs.sh "$OUT/initramfs.cpio.gz" >/dev/null || { echo "qemu: cannot build the initramfs"; exit 1; }

tests=()
for f in tests/qemu/t_*.sh; do
	while read -r fn; do
		[[ $fn =~ $filter ]] && tests+=("$f:$fn")
	done < <(grep -oE '^test_[a-z0-9_]+' "$f")
done

run_one() {
	local file=${1%%:*} fn=${1##*:}
	# shellcheck source=/dev/null
	source tests/qemu/lib.sh
	# shellcheck source=/dev/null
	source "$file"
	local out
	if out=$("$fn" 2>&1); then
		echo "ok - $fn" >"$OUT/results/$fn"
	else
		{ echo "not ok - $fn"; [[ -n $out ]] && echo "$out"; } >"$OUT/results/$fn"
	fi
	cat "$OUT/results/$fn"
}
export -f run_one

printf '%s\n' "${tests[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c 'run_one "$@"' _ {}
pass=$(grep -l '^ok' "$OUT"/results/* 2>/dev/null | wc -l)
fail=$(grep -l '^not ok' "$OUT"/results/* 2>/dev/null | wc -l)
echo "qemu: $pass passed, $fail failed"
(( fail == 0 && pass > 0 ))
