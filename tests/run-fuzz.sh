#!/usr/bin/env bash
# Smoke-runs each libFuzzer target for a fixed number of inputs (and at
# most FUZZ_SECONDS), from a fixed seed so runs are repeatable.
set -uo pipefail
runs=${FUZZ_RUNS:-20000}
secs=${FUZZ_SECONDS:-60}
pass=0 fail=0
mkdir -p build/fuzz/logs
for t in "$@"; do
	name=$(basename "$t")
	corpus=build/fuzz/corpus-$name
	mkdir -p "$corpus"
	if "$t" -runs="$runs" -seed=1 -max_total_time="$secs" -max_len=4096 \
		"$corpus" >"build/fuzz/logs/$name.log" 2>&1; then
		echo "ok - $name: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "build/fuzz/logs/$name.log")"
		pass=$((pass + 1))
	else
		echo "not ok - $name (log: build/fuzz/logs/$name.log)"
		grep -E 'ERROR|SUMMARY|runtime error' "build/fuzz/logs/$name.log" | head -5
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
(( fail == 0 ))
