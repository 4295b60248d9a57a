# The EFI test applications on OVMF (Debian's ovmf): the same checks must
# pass on the reference firmware, which keeps them faithful to the
# specification rather than to our implementation. Each app goes on a FAT
# ESP (mkfs.fat, mtools) as \EFI\BOOT\BOOTX64.EFI; the run ends when the
# app has printed its summary (OVMF has no test-mode power-off).

OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd

# ovmf_esp APP NAME: the app (built if need be) as \EFI\BOOT\BOOTX64.EFI
# on a new FAT ESP $OUT/NAME.img, and a fresh copy of the OVMF variables.
ovmf_esp() {
	local app=$1 name=$2 esp=$OUT/$2.img
	[[ -r $OVMF_CODE ]] || { echo "    no $OVMF_CODE (apt-get install ovmf)"; return 1; }
	efi_app "$app" || return 1
	mkdir -p "$OUT"
	rm -f "$esp" "$OUT/$name.log"
	truncate -s 16M "$esp"
	mkfs.fat -F 16 "$esp" >/dev/null &&
		MTOOLS_SKIP_CHECK=1 mmd -i "$esp" ::/EFI ::/EFI/BOOT &&
		MTOOLS_SKIP_CHECK=1 mcopy -i "$esp" "build/efi/$app.efi" ::/EFI/BOOT/BOOTX64.EFI || return 1
	cp "$OVMF_VARS" "$OUT/$name.vars"
}

# ovmf_qemu NAME SERIAL [extra QEMU args...]: OVMF on q35 in the
# background (QEMU_PID) with the ESP of ovmf_esp NAME on virtio-blk and
# the serial line at SERIAL (a QEMU chardev); the log is $OUT/NAME.log.
ovmf_qemu() {
	local name=$1 serial=$2
	shift 2
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M q35 -m 512 -display none -nodefaults \
		-serial "$serial" -no-reboot \
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$OUT/$name.vars" \
		-drive "file=$OUT/$name.img,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0 \
		"$@" >"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
	LOG=$OUT/$name.log
}

# ovmf_stop SUMMARY-REGEX: waits (60 s at most) for the app's summary in
# the log, then stops OVMF; fails when the summary never came.
ovmf_stop() {
	wait_for "$1" 60
	local rc=$?
	kill "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	return $rc
}

ovmf_run() { # ovmf_run APP SUMMARY-REGEX [extra QEMU args...]
	local app=$1 summary=$2 name=ovmf-$1
	shift 2
	ovmf_esp "$app" "$name" || return 1
	ovmf_qemu "$name" "file:$OUT/$name.log" -device virtio-rng-pci "$@"
	ovmf_stop "$summary" && reject 'not ok [0-9]'
}

test_ovmf_conformance() { ovmf_run conformance 'conformance: 42 checks, 0 failed'; }
test_ovmf_events() { ovmf_run events 'events: [0-9]+ checks, 0 failed'; }
test_ovmf_stall() { ovmf_run stall 'stall: [0-9]+ checks, 0 failed'; }
# Virtual mode on OVMF: ends with ResetSystem(EfiResetShutdown).
test_ovmf_runtime() { ovmf_run runtime 'runtime: [0-9]+ checks, 0 failed'; }

# tests/efi/storage.c on a second disk (GPT/FAT32 labelled STORTEST) and a
# read-only one; the host then checks what OVMF's FAT driver wrote, exactly
# as after our firmware (tests/qemu/t_storage.sh). The STORTEST disk is on
# NVMe: OVMF's FAT gives the File protocol's revision 2 (OpenEx, ReadEx...)
# only over DiskIo2, which its virtio-blk driver (no BlockIo2) lacks.
test_ovmf_storage() {
	# shellcheck source=/dev/null
	source tests/qemu/t_storage.sh
	local img=$OUT/ovmf-st.img
	st_disk "$img" && st_ro_disk || return 1
	ovmf_run storage 'storage: [0-9]+ checks, [0-9]+ failed' \
		-drive "if=none,id=d1,file=$img,format=raw" -device nvme,drive=d1,serial=stortest \
		-drive "if=none,id=d2,file=$OUT/st-ro.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d2 || return 1
	expect 'storage: [0-9]+ checks, 0 failed' && st_host_check "$img" $((2048 * 512)) ovmf
}

test_ovmf_notify() { ovmf_run notify 'notify: [0-9]+ checks, 0 failed'; }
# 120 KiB of stack and boot services from there (UEFI 2.10 §2.3.4.1).
test_ovmf_stack() { ovmf_run stack 'stack: 1 checks, 0 failed'; }
# Interrupts on and the timer running at entry, the TPL rules with a timer
# interrupt (tests/efi/tick.c); its "tick: entry" line is the README's
# CPU-state comparison.
test_ovmf_tick() { ovmf_run tick 'tick: [0-9]+ checks, [0-9]+ failed' && expect 'tick: [0-9]+ checks, 0 failed'; }

# The Memory Attribute protocol app: Debian 12's OVMF (edk2 2022.11) has
# no x86 implementation of the protocol, so the app says it skipped; a
# newer OVMF runs its checks.
test_ovmf_memattr() {
	ovmf_run memattr 'memattr: [0-9]+ checks, 0 failed' || return 1
	expect '^# no Memory Attribute protocol \(LocateProtocol: Not Found\): skipped|^ok 1 - '
}
