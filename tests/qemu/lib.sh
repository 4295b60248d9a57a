# Helpers for QEMU boot tests. A test file defines test_* functions; each
# boots the firmware, checks serial lines and returns 0 (pass) or 1.
# Sourced by tests/run-qemu.sh; paths are relative to the repository root.

FW=${FW:-build/cloudhv-fw.elf}
OUT=${OUT:-build/test}
QEMU=${QEMU:-qemu-system-x86_64}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
# A successful test-mode run ends with a power-off: QEMU exits 0
# (ACPI) or 1 (isa-debug-exit with status 0 where ACPI is unavailable).
OK_EXIT=${OK_EXIT:-"0 1"}

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

# expect PATTERN: an extended regex that must match a line of $LOG.
expect() {
	if ! grep -Eq -- "$1" "$LOG"; then
		echo "    missing in $LOG: $1"
		return 1
	fi
}

# reject PATTERN: must not match any line of $LOG.
reject() {
	if grep -Eq -- "$1" "$LOG"; then
		echo "    unexpected in $LOG: $(grep -Em1 -- "$1" "$LOG")"
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
