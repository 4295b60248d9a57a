#!/usr/bin/env bash
# Runs host unit test binaries; prints their cmocka output and a summary.
set -uo pipefail
pass=0 fail=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	echo "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[  FAILED  \]|^\[  ERROR   \]|ERROR|Sanitizer|runtime error' || true
	p=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' <<<"$out" | tail -1)
	f=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' <<<"$out" | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if (( rc != 0 )) && [[ -z $f || $f == 0 ]]; then
		echo "$out" | tail -20
		echo "$t: exited $rc"
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
(( fail == 0 ))
