# Helpers for QEMU boot tests. A test file defines test_* functions; each
# boots the firmware, checks serial lines and returns 0 (pass) or 1.
# Sourced by tests/run-qemu.sh; paths are relative to the repository root.

FW=${FW:-build/cloudhv-fw.elf}
OUT=${OUT:-build/test}
QEMU=${QEMU:-qemu-system-x86_64}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
# A successful test-mode run ends with an ACPI power-off: QEMU exits 0.
# (Failures end through isa-debug-exit: status s gives (s << 1) | 1.)
OK_EXIT=${OK_EXIT:-0}

# The chv profile's machine (tests/qemu/linux_lib.sh says why each part):
# Q35 entered through qboot instead of SeaBIOS, 46 physical address bits,
# modern-only virtio: the arguments besides -M q35 (qemu_boot's MACHINE).
CHV_BIOS=${CHV_BIOS:-/usr/share/qemu/qboot.rom}
CHV_ARGS=(-bios "$CHV_BIOS" -cpu qemu64,phys-bits=46,vendor=GenuineIntel
	-global virtio-pci.disable-legacy=on)
# What the firmware says when it derived the windows itself (q35: ECAM at
# 0xb0000000 cut out of the hole, 64-bit above RAM, I/O 0xc000-0xffff).
CHV_WINDOWS='pci: no windows described; derived mem 0x[0-9a-f]+\+0x[0-9a-f]+, mem64 0x[1-9a-f][0-9a-f]{8,}\+0x[0-9a-f]+, io 0xc000\+0x4000$'

# qemu_boot NAME MACHINE MEM_MB APPEND [extra QEMU args...]
# Boots and leaves the serial log in $OUT/NAME.log and the exit code in
# $OUT/NAME.rc; never hangs (timeout).
qemu_boot() {
	local name=$1 machine=$2 mem=$3 append=$4
	shift 4
	mkdir -p "$OUT"
	local rc=0
	timeout --foreground -k 5 "$QEMU_TIMEOUT" "$QEMU" -M "$machine" -m "$mem" \
		-kernel "$FW" -append "$append" -display none -nodefaults \
		-serial "file:$OUT/$name.log" -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 "$@" \
		>"$OUT/$name.qemu.log" 2>&1 || rc=$?
	echo "$rc" >"$OUT/$name.rc"
	LOG=$OUT/$name.log
	RC=$rc
}

# efi_app NAME: build/efi/NAME.efi (tests/efi/), built once; tests/run-qemu.sh
# builds them all before a run, this covers a test sourced by hand.
efi_app() {
	[[ -f build/efi/$1.efi ]] || make --no-print-directory "build/efi/$1.efi" >/dev/null
}

# The serial console ends lines with CR LF: match without the CR.
log_text() {
	[[ -f $LOG ]] && tr -d '\r' <"$LOG"
}

# expect PATTERN: an extended regex that must match a line of $LOG.
expect() {
	if ! log_text | grep -Eq -- "$1"; then
		echo "    missing in $LOG: $1"
		return 1
	fi
}

# reject PATTERN: must not match any line of $LOG.
reject() {
	if log_text | grep -Eq -- "$1"; then
		echo "    unexpected in $LOG: $(log_text | grep -Em1 -- "$1")"
		return 1
	fi
}

# expect_exit CODES...: QEMU's exit code is one of these (124 = timeout).
expect_exit() {
	local c
	for c in "$@"; do [[ $RC == "$c" ]] && return 0; done
	echo "    QEMU exit code $RC, expected one of: $*$([[ $RC == 124 ]] && echo ' (timed out)')"
	return 1
}

expect_ok_exit() {
	# shellcheck disable=SC2086
	expect_exit $OK_EXIT
}

# qemu_start NAME MACHINE MEM_MB APPEND [extra QEMU args...]
# Starts QEMU in the background with an HMP monitor on $OUT/NAME.mon. A
# reset restarts the machine (no -no-reboot); qemu_stop ends it.
qemu_start() {
	local name=$1 machine=$2 mem=$3 append=$4
	shift 4
	mkdir -p "$OUT"
	# A stale log from an earlier run would satisfy wait_for at once.
	rm -f "$OUT/$name.mon" "$OUT/$name.log"
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M "$machine" -m "$mem" \
		-kernel "$FW" -append "$append" -display none -nodefaults \
		-serial "file:$OUT/$name.log" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-monitor "unix:$OUT/$name.mon,server=on,wait=off" "$@" \
		>"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
	LOG=$OUT/$name.log
	MON=$OUT/$name.mon
}

# wait_for PATTERN [SECONDS]: until a line of $LOG matches (or give up).
wait_for() {
	local i
	for ((i = 0; i < ${2:-30} * 10; i++)); do
		log_text | grep -Eq -- "$1" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.1
	done
	log_text | grep -Eq -- "$1" && return 0
	echo "    never printed: $1"
	return 1
}

# monitor CMD...: run HMP commands (the last may be quit).
monitor() {
	tests/qemu/monitor.py "$MON" "$@"
}

qemu_stop() {
	monitor quit >/dev/null 2>&1 || true
	wait "$QEMU_PID" 2>/dev/null || true
}

# qemu_bg NAME MACHINE APPEND [QEMU args]: QEMU in the background with the
# caller choosing where the consoles go (qemu_wait collects the exit code).
qemu_bg() {
	local name=$1 machine=$2 append=$3
	shift 3
	mkdir -p "$OUT"
	timeout --foreground -k 5 "$QEMU_TIMEOUT" "$QEMU" -M "$machine" -m 256 \
		-kernel "$FW" -append "$append" -display none -nodefaults \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" \
		>"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
}

qemu_wait() {
	local rc=0
	wait "$QEMU_PID" || rc=$?
	RC=$rc
}

# serial_type SOCKET CAPTURE PROMPT LINE: connects to a QEMU chardev socket
# (QEMU waits for us: server=on,wait=on), records what the guest writes in
# CAPTURE, and types LINE (then CR) once PROMPT (plain text) appeared:
# console_script.py with a one-line script. Returns when QEMU closes the
# socket; QEMU's own timeout bounds that, so a slow guest on a loaded
# machine is never cut off by this side.
serial_type() {
	local prompt
	prompt=$(printf '%s' "$3" | sed 's/[][\\.*^$?+(){}|]/\\&/g')
	tests/qemu/console_script.py "$1" "$2" "$prompt" <(printf '%s\n' "$4") \
		$((QEMU_TIMEOUT + 10))
}


# linux_userspace_ok: the markers tests/qemu/mkinitramfs.sh's /init prints
# when every check inside the guest passed, a clean kernel log, and the
# guest's own power-off (QEMU exit 0).
linux_userspace_ok() {
	expect '^cloudhv-test: userspace reached' &&
		expect '^cloudhv-test: /sys/firmware/efi present' &&
		expect '^cloudhv-test: ACPI tables in sysfs: [1-9]' &&
		expect '^cloudhv-test: SMBIOS tables present' &&
		expect '^cloudhv-test: EFI runtime map entries: [1-9]' &&
		expect '^cloudhv-test: efivarfs PlatformLang: en-US' &&
		expect '^cloudhv-test: efivarfs write/read/delete ok' &&
		expect '^cloudhv-test: done, powering off' &&
		reject 'Unable to switch EFI into virtual mode' &&
		reject '\[Firmware Bug\]|FW_BUG|\[Firmware Warn\]|cloudhv-test: FAIL' &&
		expect_exit 0
}
