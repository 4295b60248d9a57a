#!/usr/bin/env bash
# make bench: the firmware's size and its own cost from PVH entry to
# "ready": guest instructions (TSC under -icount shift=0, deterministic)
# and wall time (median over runs, TSC-timed by the firmware when it has
# calibrated the TSC, plus the whole QEMU process for context).
set -euo pipefail
fw=build/cloudhv-fw.elf
runs=${RUNS:-5}
out=build/bench
mkdir -p "$out"

filesz=$(stat -c %s "$fw")
loadsz=0
while read -r memsz; do loadsz=$((loadsz + memsz)); done < <(readelf -lW "$fw" | awk '$1 == "LOAD" {print $6}')
echo "bench: ELF file ${filesz} bytes; loaded image ${loadsz} bytes (code+data+bss)"

boot() { # boot MACHINE MEM LOG [extra args]
	local m=$1 mem=$2 log=$3; shift 3
	timeout 60 qemu-system-x86_64 -M "$m" -m "$mem" -kernel "$fw" \
		-append "fw.test" -display none -nodefaults -serial "file:$log" \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" || true
}
ready_ticks() { sed -nE 's/^timeline .* ready=([0-9]+).*/\1/p' "$1"; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for cfg in "pc 128" "q35 2048" "q35 6144"; do
	read -r m mem <<<"$cfg"
	boot "$m" "$mem" "$out/icount.log" -icount shift=0
	insns=$(ready_ticks "$out/icount.log")
	us=() walls=()
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		boot "$m" "$mem" "$out/wall.log"
		t1=$(date +%s%N)
		walls+=($(((t1 - t0) / 1000000)))
		u=$(sed -nE 's/^ready after ([0-9]+) us.*/\1/p' "$out/wall.log")
		[[ -n $u ]] && us+=("$u")
	done
	fw_wall="n/a (TSC not calibrated)"
	(( ${#us[@]} )) && fw_wall="$(printf '%s\n' "${us[@]}" | median) us"
	printf 'bench: %-4s %5s MiB: entry->ready %8s guest instructions; firmware wall %s; QEMU process %s ms (median of %d)\n' \
		"$m" "$mem" "$insns" "$fw_wall" "$(printf '%s\n' "${walls[@]}" | median)" "$runs"
done
