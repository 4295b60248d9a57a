#!/usr/bin/env bash
# make bench: the firmware's size and its own cost from PVH entry to
# "ready": guest instructions (TSC under -icount shift=0, deterministic)
# and wall time (median over runs, TSC-timed by the firmware when it has
# calibrated the TSC, plus the whole QEMU process for context), then the
# payload comparison with OVMF (scripts/bench_payload.sh).
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
		-append "${APPEND:-fw.test}" -display none -nodefaults -serial "file:$log" \
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

# The timer interrupt's cost to an application (tests/efi/tick.c under
# -icount shift=0: rounds of a spin loop in 100 ms with interrupts and at
# TPL_HIGH_LEVEL, without; one instruction is a nanosecond, so the share
# of rounds lost times the instructions in a tick period is a tick's cost).
make --no-print-directory build/efi/tick.efi >/dev/null
boot q35 256 "$out/tick.log" -icount shift=0 -fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tick.efi
read -r with without < <(tr -d '\r' <"$out/tick.log" |
	sed -nE 's/^# spinning 100 ms: ([0-9]+) rounds with interrupts, ([0-9]+) at TPL_HIGH_LEVEL.*/\1 \2/p')
if [[ -n ${without:-} ]]; then
	awk -v w="$with" -v wo="$without" 'BEGIN {
		share = (wo - w) / wo
		printf "bench: timer interrupt (1 ms tick, q35): %.0f guest instructions per tick, %.4f%% of a spinning application'"'"'s time\n",
			share * 1e6, share * 100 }'
else
	echo "bench: timer interrupt: no result (see $out/tick.log)"
fi

# virtio-blk read throughput: 256 MiB from a sparse image (host page cache,
# so this measures the firmware and the virtio path, not a disk).
img=$out/bench-256m.img
[[ -f $img ]] || truncate -s 256M "$img"
rates=()
for ((i = 0; i < runs; i++)); do
	APPEND="fw.test fw.selftest=blk-bench" boot q35 512 "$out/blk.log" \
		-drive "if=none,id=d0,file=$img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d0,disable-legacy=on
	r=$(sed -nE 's/^blk0: bench: read 256 MiB in [0-9]+ us: ([0-9]+) MiB\/s.*/\1/p' "$out/blk.log" | tr -d '\r')
	[[ -n $r ]] && rates+=("$r")
done
req=$(sed -nE 's/^blk0: .*queue ([0-9]+), up to ([0-9]+) KiB per request.*/queue \1, up to \2 KiB per request/p' "$out/blk.log" | tr -d '\r')
if (( ${#rates[@]} )); then
	printf 'bench: virtio-blk read 256 MiB (q35, modern): median %s MiB/s over %d runs (all: %s); %s, 16 MiB per read call\n' \
		"$(printf '%s\n' "${rates[@]}" | median)" "${#rates[@]}" "${rates[*]}" "$req"
else
	echo "bench: virtio-blk read: no result (see $out/blk.log)"
fi

# Measured boot's cost (README "Measured boot"): entry->ready under qboot
# on q35 with a fresh swtpm (all four banks allocated) and without a TPM,
# guest instructions under -icount shift=0.
if command -v swtpm >/dev/null; then
	tpmd=$out/swtpm
	rm -rf "$tpmd" && mkdir -p "$tpmd"
	swtpm socket --tpm2 --tpmstate "dir=$tpmd" --ctrl "type=unixio,path=$tpmd/ctrl" &
	tpm_pid=$!
	for ((i = 0; i < 50; i++)); do [[ -S $tpmd/ctrl ]] && break; sleep 0.1; done
	boot q35 2048 "$out/tpm.log" -icount shift=0 -bios /usr/share/qemu/qboot.rom \
		-chardev "socket,id=chrtpm,path=$tpmd/ctrl" -tpmdev emulator,id=tpm0,chardev=chrtpm \
		-device tpm-crb,tpmdev=tpm0
	kill "$tpm_pid" 2>/dev/null || true
	wait "$tpm_pid" 2>/dev/null || true
	boot q35 2048 "$out/notpm.log" -icount shift=0 -bios /usr/share/qemu/qboot.rom
	printf 'bench: measured boot (q35 2048 MiB, qboot): entry->ready %s guest instructions with swtpm (%s), %s without a TPM\n' \
		"$(ready_ticks "$out/tpm.log")" \
		"$(tr -d '\r' <"$out/tpm.log" | sed -nE 's/^tpm: .*banks: ([a-z0-9 ]+),.*/banks \1/p')" \
		"$(ready_ticks "$out/notpm.log")"
fi
# The payload under cloudhv-fw and under OVMF (issue 7).
scripts/bench_payload.sh

# What Secure Boot costs: LoadImage of the UKI and the kernel, with keys
# and without (issue 14).
scripts/bench_secboot.sh
