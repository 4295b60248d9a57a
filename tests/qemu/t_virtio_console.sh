# virtio-console (Cloud Hypervisor's default console: --console tty
# --serial null): the firmware log reaches it with no 16550 at all, the
# early log (banner) replayed; modern-only and transitional devices; input
# typed on the virtio console or on the serial port reaches
# fw.selftest=console ("console: got '...'").
#
# qemu_boot always wires the 16550 to $OUT/NAME.log, so these tests start
# QEMU themselves (vc_qemu) and choose what the serial port is.

# qemu_bg NAME MACHINE APPEND [QEMU args...]: qemu_boot's fixed arguments
# minus -serial, in the background; QEMU_PID is set.
# Output only: no 16550 (-serial none), the log on the virtio console.
check_vcon_output() {
	local name=$1 machine=$2 dev=$3
	rm -f "$OUT/$name.vcon"
	qemu_bg "$name" "$machine" "fw.test" -serial none \
		-device "$dev" -device virtconsole,chardev=c0 \
		-chardev "file,id=c0,path=$OUT/$name.vcon"
	qemu_wait
	LOG=$OUT/$name.vcon
	expect '^cloudhv-fw [0-9.]+ \(PVH entry, x86-64\)' &&
		expect '^memory: [0-9]+ MiB RAM' &&
		expect '^console0: virtio-console port 0' &&
		expect '^cloudhv-fw ready' &&
		reject '^(error|warning):' &&
		reject 'earlier output not kept' &&
		expect_ok_exit
}

test_virtio_console_q35() {
	check_vcon_output vcon-q35 q35 virtio-serial-pci
}
test_virtio_console_q35_modern() {
	check_vcon_output vcon-q35-modern q35 virtio-serial-pci,disable-legacy=on
}
test_virtio_console_pc_transitional() {
	check_vcon_output vcon-pc-trans pc virtio-serial-pci,disable-legacy=off
}
test_virtio_console_pc_modern() {
	check_vcon_output vcon-pc-modern pc virtio-serial-pci,disable-legacy=on
}

# Input on the virtio console; the serial port logs to a file as usual.
test_virtio_console_input() {
	local name=vcon-input sock=$OUT/vcon-input.sock
	rm -f "$sock" "$OUT/$name.vcon" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test fw.selftest=console" \
		-serial "file:$OUT/$name.log" \
		-device virtio-serial-pci,disable-legacy=on \
		-device virtconsole,chardev=c0 \
		-chardev "socket,id=c0,path=$sock,server=on,wait=on"
	serial_type "$sock" "$OUT/$name.vcon" "console: type a line" "hello virtio" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.vcon
	expect "^console: got 'hello virtio'$" || return 1
	LOG=$OUT/$name.log
	expect "^console: got 'hello virtio'$" &&
		reject '^(error|warning):' &&
		expect_ok_exit
}

# Input on the serial port (pc), with a virtio console also polled.
test_virtio_console_serial_input() {
	local name=vcon-serial-input sock=$OUT/vcon-serial-input.sock
	rm -f "$sock" "$OUT/$name.vcon" "$OUT/$name.log"
	qemu_bg "$name" pc "fw.test fw.selftest=console" \
		-serial "unix:$sock,server=on,wait=on" \
		-device virtio-serial-pci -device virtconsole,chardev=c0 \
		-chardev "file,id=c0,path=$OUT/$name.vcon"
	serial_type "$sock" "$OUT/$name.log" "console: type a line" "hello serial" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	expect "^console: got 'hello serial'$" || return 1
	LOG=$OUT/$name.vcon
	expect "^console: got 'hello serial'$" &&
		reject '^(error|warning):' &&
		expect_ok_exit
}

# The virtio console gets the same text as the serial port, byte for byte
# (the early part replayed), up to the reset before handover.
test_virtio_console_same_as_serial() {
	local name=vcon-same
	rm -f "$OUT/$name.vcon"
	qemu_boot "$name" q35 2048 "fw.test fw.log=debug" \
		-device virtio-serial-pci,disable-legacy=on \
		-device virtconsole,chardev=c0 \
		-chardev "file,id=c0,path=$OUT/$name.vcon" || return 1
	expect_ok_exit || return 1
	if ! diff <(log_text | sed '/^cloudhv-fw ready/q') \
		<(tr -d '\r' <"$OUT/$name.vcon") >"$OUT/$name.diff"; then
		echo "    virtio console differs from serial: $OUT/$name.diff"
		return 1
	fi
}

# The debug port is a console too: with fw.debugcon it gets the log from
# the banner on (replayed: it is switched on after the banner). QEMU's
# -debugcon listens on 0xe9; ours is 0x402 (SeaBIOS writes there too).
test_console_debugcon() {
	local name=console-debugcon
	rm -f "$OUT/$name.dbg"
	qemu_boot "$name" pc 128 "fw.test fw.debugcon" \
		-chardev "file,id=d0,path=$OUT/$name.dbg" \
		-device isa-debugcon,iobase=0x402,chardev=d0 || return 1
	expect_ok_exit || return 1
	LOG=$OUT/$name.dbg
	expect '^cloudhv-fw [0-9.]+ \(PVH entry, x86-64\)' &&
		expect '^command line: fw.test fw.debugcon' &&
		expect '^cloudhv-fw ready'
}
