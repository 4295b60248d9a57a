#!/usr/bin/env bash
# Runs each libFuzzer target for a fixed time, FUZZ_JOBS at a time, niced,
# from its seed corpus (build/fuzz/corpus/NAME, made by tests/fuzz/*.mk) and
# a fresh working corpus, with a fixed seed. Prints per target the inputs
# executed and the edges covered (libFuzzer's final "DONE cov:"), and fails
# a target that crashes, hangs or covers fewer edges than its floor in
# tests/fuzz/floors.txt. Last line: "fuzz: N passed, N failed (...)".
#
#   tests/run-fuzz.sh build/fuzz/fuzz_NAME...
# Environment:
#   FUZZ_SECONDS  time per target (default 20; make fuzz-long: 600)
#   FUZZ_JOBS     targets at a time (default 2)
#   FUZZ_KEEP     1: keep what the run found in build/fuzz/found/NAME and
#                 start from it next time (make fuzz-long); default: start
#                 from the seeds only, so edges compare between runs
#   FUZZ_FLOORS   the floors file (default tests/fuzz/floors.txt)
set -uo pipefail
secs=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-2}
keep=${FUZZ_KEEP:-0}
floors=${FUZZ_FLOORS:-tests/fuzz/floors.txt}
out=build/fuzz
mkdir -p "$out/logs" "$out/results" "$out/crashes"

floor_of() { # floor_of NAME: the recorded floor, empty when none
	[[ -f $floors ]] && awk -v t="$1" '$1 == t { print $2 }' "$floors"
}

# run_one BIN: one target; writes build/fuzz/results/NAME (one line).
run_one() {
	local bin=$1 name log work seeds dict=() execs cov floor res t0
	name=$(basename "$bin"); name=${name#fuzz_}
	log=$out/logs/fuzz_$name.log
	seeds=$out/corpus/$name
	mkdir -p "$seeds"
	if [[ $keep == 1 ]]; then
		work=$out/found/$name
	else
		work=$out/work/$name
		rm -rf "$work"
	fi
	mkdir -p "$work"
	[[ -f tests/fuzz/$name.dict ]] && dict=(-dict="tests/fuzz/$name.dict")
	t0=$SECONDS
	nice -n 10 "$bin" -seed=1 -max_total_time="$secs" -timeout=20 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$name-" \
		"${dict[@]}" "$work" "$seeds" >"$log" 2>&1
	local rc=$?
	execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
	cov=$(sed -nE 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+cov: ([0-9]+).*/\1/p' "$log" | tail -1)
	floor=$(floor_of "$name")
	res="$name: ${execs:-0} execs, ${cov:-?} edges"
	[[ -n $floor ]] && res+=" (floor $floor)" || res+=" (no floor)"
	res+=", $(find "$seeds" -type f | wc -l) seeds, $((SECONDS - t0)) s"
	if (( rc != 0 )) || [[ -z $cov ]]; then
		echo "not ok - $res: exit $rc (log: $log)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5
	elif [[ -n $floor ]] && (( cov < floor )); then
		echo "not ok - $res: below the floor (log: $log)"
	else
		echo "ok - $res"
	fi >"$out/results/$name"
}

t_start=$SECONDS
running=0
for t in "$@"; do
	if (( running >= jobs )); then
		wait -n
		running=$((running - 1))
	fi
	run_one "$t" &
	running=$((running + 1))
done
wait

pass=0 fail=0
for t in "$@"; do
	name=$(basename "$t"); name=${name#fuzz_}
	cat "$out/results/$name"
	if grep -q '^ok - ' "$out/results/$name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed ($((SECONDS - t_start)) s, ${secs} s per target, $jobs at a time)"
(( fail == 0 ))
