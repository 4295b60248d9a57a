#!/usr/bin/env bash
# make gdb: QEMU halted at reset with a gdb stub on :1234, and gdb attached
# with the firmware's symbols, stopped at boot_main. The serial console
# goes to build/gdb-serial.log (tail -f it in another terminal).
set -euo pipefail
port=${GDB_PORT:-1234}
qemu-system-x86_64 -M "${MACHINE:-q35}" -m "${MEM:-1024}" \
	-kernel build/cloudhv-fw.elf -append "${APPEND:-fw.log=debug}" \
	-display none -serial file:build/gdb-serial.log -no-reboot \
	-gdb "tcp::$port" -S &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
gdb -q build/cloudhv-fw.elf \
	-ex "set architecture i386:x86-64" \
	-ex "target remote :$port" \
	-ex "hbreak boot_main" \
	-ex "continue"
