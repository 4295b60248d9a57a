#!/usr/bin/env bash
# make test: ELF contract and layering checks, host unit tests, QEMU boot
# tests. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
pass=0 fail=0
count() { # count NAME STATUS [OUTPUT-FILE]: add a runner's tally
	local p f
	p=$(sed -nE 's/^[a-z]+: ([0-9]+) passed, ([0-9]+) failed.*/\1/p' "$2" | tail -1)
	f=$(sed -nE 's/^[a-z]+: ([0-9]+) passed, ([0-9]+) failed.*/\2/p' "$2" | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [[ $3 != 0 && ${f:-0} == 0 ]]; then fail=$((fail + 1)); echo "$1: runner failed"; fi
}
log=build/test-logs
mkdir -p "$log"

echo "== checks"
if make --no-print-directory check >"$log/check" 2>&1; then
	pass=$((pass + 2)); cat "$log/check" | grep -E '^check-'
else
	cat "$log/check"; fail=$((fail + 1))
fi

echo "== host unit tests"
make --no-print-directory unit 2>&1 | grep -vE '^(gcc|tests/run-unit)' | tee "$log/unit"
count unit "$log/unit" "${PIPESTATUS[0]}"

if [[ -f tests/fuzz.mk ]] || ls tests/fuzz/*.mk >/dev/null 2>&1; then
	echo "== fuzz smoke runs"
	make --no-print-directory fuzz 2>&1 | grep -vE '^(clang|tests/run-fuzz)' | tee "$log/fuzz"
	count fuzz "$log/fuzz" "${PIPESTATUS[0]}"
fi

echo "== QEMU boot tests"
tests/run-qemu.sh 2>&1 | tee "$log/qemu"
count qemu "$log/qemu" "${PIPESTATUS[0]}"

echo "$pass passed, $fail failed"
(( fail == 0 ))
