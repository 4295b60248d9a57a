#!/usr/bin/env bash
# make bench, payload part: the same disk booted under cloudhv-fw and under
# OVMF (Debian's ovmf), alternating, RUNS times each, on q35 with 1 GiB:
# - wall time from QEMU's start to the payload's entry (tests/efi/probe.c
#   at \EFI\BOOT\BOOTX64.EFI prints a line first thing), and, for a
#   unified kernel image (systemd stub + Debian kernel + initramfs,
#   console=ttyS0) at the same path, to the first line the kernel's EFI
#   stub prints ("EFI stub: ...", after its own work: most of it is the
#   payload's, on either firmware) and to the busybox /init's userspace
#   marker;
# - guest instructions (TSC under -icount shift=0) from the firmware's
#   entry to the payload's entry, read by tests/efi/probe.c at the
#   removable path: cloudhv-fw's entry is its PVH entry (its timeline line
#   gives the entry TSC), OVMF's is the reset vector (TSC 0).
# Prints medians and the cloudhv-fw/OVMF ratios.
set -euo pipefail
fw=build/cloudhv-fw.elf
runs=${RUNS:-5}
out=build/bench
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
mkdir -p "$out"
export OUT=$out

kernel=$(tests/qemu/payloads.sh kernel)
tests/qemu/payloads.sh ukistub >/dev/null
make --no-print-directory build/efi/probe.efi >/dev/null
tests/qemu/mkinitramfs.sh "$out/initramfs.cpio.gz" >/dev/null
tests/qemu/mkuki.sh "$out/uki.efi" "$kernel" "$out/initramfs.cpio.gz" "console=ttyS0 panic=-1"
tests/qemu/mkesp.sh "$out/uki.img" --size 64 "$out/uki.efi:/EFI/BOOT/BOOTX64.EFI"
tests/qemu/mkesp.sh "$out/probe.img" --size 64 build/efi/probe.efi:/EFI/BOOT/BOOTX64.EFI

# qemu_cmd FIRMWARE DISK [extra]: the command line, serial on stdout.
qemu_cmd() {
	local which=$1 disk=$2
	shift 2
	local cmd=(qemu-system-x86_64 -M q35 -m 1024 -display none -nodefaults
		-serial stdio -no-reboot
		-drive "if=none,id=d0,file=$disk,format=raw,snapshot=on"
		-device virtio-blk-pci,drive=d0 "$@")
	if [[ $which == cloudhv-fw ]]; then
		cmd+=(-kernel "$fw")
	else
		cp "$OVMF_VARS" "$out/ovmf.vars"
		cmd+=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
			-drive "if=pflash,format=raw,file=$out/ovmf.vars")
	fi
	printf '%s\n' "${cmd[@]}"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.3f" : "n/a"), a / b}'; }

declare -A entry first user
for ((i = 0; i < runs; i++)); do
	for which in cloudhv-fw ovmf; do
		mapfile -t cmd < <(qemu_cmd "$which" "$out/probe.img")
		res=$(scripts/serial_times.py --timeout 120 'entry=^probe: entry' -- "${cmd[@]}")
		entry[$which]+="$(awk '$1 == "entry" {print $2}' <<<"$res") "
		mapfile -t cmd < <(qemu_cmd "$which" "$out/uki.img")
		res=$(scripts/serial_times.py --timeout 120 --log "$out/payload-$which.log" \
			'first=^EFI stub: ' 'user=^cloudhv-test: userspace reached' -- "${cmd[@]}")
		first[$which]+="$(awk '$1 == "first" {print $2}' <<<"$res") "
		user[$which]+="$(awk '$1 == "user" {print $2}' <<<"$res") "
	done
done

# Guest instructions to the payload's entry (deterministic: one run each).
insns() {
	local which=$1 log=$out/probe-$1.log entry=0 tsc
	mapfile -t cmd < <(qemu_cmd "$which" "$out/probe.img" -icount shift=0)
	timeout 120 "${cmd[@]}" >"$log" 2>/dev/null || true
	tsc=$(tr -d '\r' <"$log" | sed -nE 's/^probe: entry tsc=([0-9]+).*/\1/p')
	[[ $which == cloudhv-fw ]] &&
		entry=$(tr -d '\r' <"$log" | sed -nE 's/^timeline \(TSC ticks since entry at ([0-9]+)\).*/\1/p')
	[[ -n $tsc && -n $entry ]] && echo $((tsc - entry)) || echo 0
}
ins_fw=$(insns cloudhv-fw)
ins_ovmf=$(insns ovmf)

m() { tr ' ' '\n' <<<"$1" | grep -E '^[0-9]+$' | median; }
e_fw=$(m "${entry[cloudhv-fw]}") e_ov=$(m "${entry[ovmf]}")
f_fw=$(m "${first[cloudhv-fw]}") f_ov=$(m "${first[ovmf]}")
u_fw=$(m "${user[cloudhv-fw]}") u_ov=$(m "${user[ovmf]}")
echo "bench: payload: UKI (systemd stub + Debian kernel + busybox initramfs) from \\EFI\\BOOT\\BOOTX64.EFI, q35 1 GiB, TCG, medians of $runs alternating runs"
printf 'bench: %-34s %12s %12s %8s\n' "" cloudhv-fw OVMF ratio
printf 'bench: %-34s %9s ms %9s ms %8s\n' "QEMU start -> payload entry (probe)" "$e_fw" "$e_ov" "$(ratio "$e_fw" "$e_ov")"
printf 'bench: %-34s %9s ms %9s ms %8s\n' "QEMU start -> payload's first line" "$f_fw" "$f_ov" "$(ratio "$f_fw" "$f_ov")"
printf 'bench: %-34s %9s ms %9s ms %8s\n' "QEMU start -> userspace marker" "$u_fw" "$u_ov" "$(ratio "$u_fw" "$u_ov")"
printf 'bench: %-34s %12s %12s %8s\n' "firmware entry -> payload entry" "$ins_fw" "$ins_ovmf" "$(ratio "$ins_fw" "$ins_ovmf")"
echo "bench: (guest instructions: TSC under -icount shift=0, read by tests/efi/probe.c at the removable path)"
echo "bench: all runs, ms to the probe:  cloudhv-fw ${entry[cloudhv-fw]}/ OVMF ${entry[ovmf]}"
echo "bench: all runs, ms to first line: cloudhv-fw ${first[cloudhv-fw]}/ OVMF ${first[ovmf]}"
echo "bench: all runs, ms to userspace:  cloudhv-fw ${user[cloudhv-fw]}/ OVMF ${user[ovmf]}"
