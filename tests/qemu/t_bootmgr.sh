# The boot manager (boot/bootmgr.c): BootOrder/Boot#### (full and short
# form), the removable-media path \EFI\BOOT\BOOTX64.EFI on each disk in PCI
# order, a damaged primary GPT, disks with nothing bootable, a PE image as
# a PVH module, and what is printed when nothing boots. The payload is
# tests/efi/args.c, which prints where it came from and its load options;
# handed over through fw_cfg (the boot manager's first source) it can also
# write Boot#### as an OS installer would, before the boot manager reads
# them (our variables do not persist).

BM_ARGS=build/efi/args.efi

# bm_disk IMG [mkesp.sh args...]: a GPT/FAT32 disk with args.efi as the
# removable-media path and as \EFI\OTHER\T.EFI.
bm_disk() {
	local img=$1
	shift
	tests/qemu/mkesp.sh "$img" --size 40 "$BM_ARGS:/EFI/BOOT/BOOTX64.EFI" \
		"$BM_ARGS:/EFI/OTHER/T.EFI" "$@"
}

bm_drive() { # bm_drive IMG ID: -drive/-device arguments for one disk
	echo "-drive if=none,id=$2,file=$1,format=raw -device virtio-blk-pci,drive=$2"
}

test_bootmgr_removable_q35() {
	bm_disk "$OUT/bm-rm.img" || return 1
	# shellcheck disable=SC2046
	qemu_boot bootmgr-removable q35 256 "fw.test" $(bm_drive "$OUT/bm-rm.img" d0)
	expect_ok_exit &&
		expect 'blk0: 40 MiB, GPT, 1 partition \(ESP\)' &&
		expect '^bootmgr: starting PcieRoot\(0x0\)/Pci\(0x[0-9a-f]+,0x0\)/HD\(1,GPT,.*\)/\\EFI\\BOOT\\BOOTX64.EFI$|^bootmgr: starting PcieRoot.*\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^args: from=.*EFI.BOOT.BOOTX64.EFI options=\[\]' &&
		expect 'bootmgr: .*BOOTX64.EFI returned EFI_SUCCESS' &&
		expect 'bootmgr: test mode: no shell'
}

# Boot0001 (written by args.efi from fw_cfg, with optional data) wins over
# the removable path, which is tried only after it returns.
bm_bootorder() { # bm_bootorder NAME MACHINE VERB
	local name=$1 machine=$2 verb=$3
	bm_disk "$OUT/$name.img" || return 1
	# shellcheck disable=SC2046
	qemu_boot "$name" "$machine" 256 "fw.test" $(bm_drive "$OUT/$name.img" d0) \
		-fw_cfg name=opt/cloudhv/app.efi,file=$BM_ARGS \
		-fw_cfg "name=opt/cloudhv/cmdline,string=$verb \\EFI\\OTHER\\T.EFI from-boot0001"
	expect_ok_exit &&
		expect '^args: Boot0001 -> .*T.EFI: Success' &&
		expect '^args: from=.*EFI.OTHER.T.EFI options=\[from-boot0001\]' || return 1
	# Boot0001 ran before the removable path.
	local first second
	first=$(log_text | grep -n 'options=\[from-boot0001\]' | head -1 | cut -d: -f1)
	second=$(log_text | grep -n 'BOOTX64.EFI options=\[\]' | head -1 | cut -d: -f1)
	[[ -n $first && -n $second && $first -lt $second ]] ||
		{ echo "    Boot0001 (line $first) did not run before BOOTX64.EFI (line $second)"; return 1; }
}
test_bootmgr_bootorder_full_pc() { bm_bootorder bootmgr-order-pc pc setboot; }
test_bootmgr_bootorder_short_q35() {
	bm_bootorder bootmgr-order-short q35 setshort &&
		expect '^args: Boot0001 -> HD\(1,GPT'
}

# A Boot#### naming a missing file: reported, and the next source boots.
test_bootmgr_bad_option_q35() {
	bm_disk "$OUT/bm-bad.img" || return 1
	# shellcheck disable=SC2046
	qemu_boot bootmgr-bad q35 256 "fw.test" $(bm_drive "$OUT/bm-bad.img" d0) \
		-fw_cfg name=opt/cloudhv/app.efi,file=$BM_ARGS \
		-fw_cfg 'name=opt/cloudhv/cmdline,string=setboot \EFI\NOPE.EFI x'
	expect_ok_exit &&
		expect 'bootmgr: .*Boot0001.*(cannot load|not loaded).*EFI_NOT_FOUND' &&
		expect '^args: from=.*BOOTX64.EFI options=\[\]'
}

# The primary GPT header overwritten: the backup is used and the disk boots.
test_bootmgr_damaged_gpt_pc() {
	bm_disk "$OUT/bm-gpt.img" || return 1
	dd if=/dev/zero of="$OUT/bm-gpt.img" bs=512 seek=1 count=1 conv=notrunc status=none
	# shellcheck disable=SC2046
	qemu_boot bootmgr-gpt pc 256 "fw.test" $(bm_drive "$OUT/bm-gpt.img" d0)
	expect_ok_exit &&
		expect 'primary GPT damaged' &&
		expect '^args: from=.*BOOTX64.EFI'
}

# First disk: a FAT ESP without BOOTX64.EFI; second: bootable. The first is
# reported, the second boots.
test_bootmgr_second_disk_q35() {
	tests/qemu/mkesp.sh "$OUT/bm-empty.img" --size 40 --text '/README.TXT=nothing here\n' &&
		bm_disk "$OUT/bm-second.img" || return 1
	# shellcheck disable=SC2046
	qemu_boot bootmgr-second q35 256 "fw.test" $(bm_drive "$OUT/bm-empty.img" d0) \
		$(bm_drive "$OUT/bm-second.img" d1)
	expect_ok_exit &&
		expect '^args: from=.*BOOTX64.EFI options=\[\]' &&
		expect 'bootmgr:   .*Pci\(0x1,0x0\).*BOOTX64.EFI: (not loaded|no such file).*' &&
		expect 'bootmgr:   .*Pci\(0x2,0x0\).*BOOTX64.EFI: ran, returned EFI_SUCCESS'
}

# No disk at all: the run says what it tried and ends (test mode: no shell).
test_bootmgr_nothing_pc() {
	qemu_boot bootmgr-nothing pc 128 "fw.test"
	expect_ok_exit &&
		expect 'bootmgr: no file system to boot from' &&
		expect 'bootmgr: nothing to boot; tried [0-9]+ source' &&
		expect 'bootmgr: test mode: no shell'
}

# A PE image as a PVH module (QEMU -initrd; Cloud Hypervisor --initramfs)
# boots without a disk; a non-PE module is left alone.
test_bootmgr_pe_module_q35() {
	qemu_boot bootmgr-module q35 256 "fw.test" -initrd "$BM_ARGS"
	expect_ok_exit &&
		expect 'bootmgr: starting PVH module 0' &&
		expect '^args: from=\(buffer\) options=\[\]|^args: from=.* options=\[\]' &&
		expect 'bootmgr: PVH module 0 returned EFI_SUCCESS'
}
test_bootmgr_non_pe_module_pc() {
	head -c 4096 /dev/urandom >"$OUT/bm-junk.bin"
	qemu_boot bootmgr-junk pc 128 "fw.test" -initrd "$OUT/bm-junk.bin"
	expect_ok_exit && expect 'bootmgr: PVH module 0 \(4096 bytes\) is not a PE image: left alone'
}

# LoadImage by device path of a file that does not exist: EFI_NOT_FOUND.
test_bootmgr_loadimage_missing_q35() {
	bm_disk "$OUT/bm-miss.img" || return 1
	# shellcheck disable=SC2046
	qemu_boot bootmgr-missing q35 256 "fw.test" $(bm_drive "$OUT/bm-miss.img" d0) \
		-fw_cfg name=opt/cloudhv/app.efi,file=$BM_ARGS \
		-fw_cfg name=opt/cloudhv/cmdline,string=missing
	expect_ok_exit && expect '^ok - LoadImage of a missing file: Not Found'
}

# SetWatchdogTimer is a real watchdog: 1 s armed, 3 s of Stall, and the
# firmware reports it and resets (a second banner; no -no-reboot here; the
# restarted machine would do the same again, so the test stops it).
test_bootmgr_watchdog_resets_q35() {
	local i
	qemu_start bootmgr-watchdog q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=$BM_ARGS \
		-fw_cfg name=opt/cloudhv/cmdline,string=watchdog
	wait_for 'watchdog: expired \(code 0x10001: args test\), resetting' 60 || { qemu_stop; return 1; }
	for ((i = 0; i < 600; i++)); do
		[[ $(log_text | grep -c '^cloudhv-fw [0-9]') -ge 2 ]] && break
		sleep 0.1
	done
	qemu_stop
	expect '^args: watchdog armed for 1 s: Success' &&
		reject 'args: still running after 3 s' &&
		[[ $(log_text | grep -c '^cloudhv-fw [0-9]') -ge 2 ]] ||
		{ echo "    no second banner after the watchdog reset"; return 1; }
}

# efitools' HelloWorld.efi (Debian efitools) as \EFI\BOOT\BOOTX64.EFI: the
# boot manager starts it from the disk, it draws its box, takes a key and
# returns; the boot manager reports that and goes on.
test_bootmgr_helloworld_removable_q35() {
	local name=bootmgr-hello sock=$OUT/bootmgr-hello.sock app img=$OUT/bm-hello.img
	app=$(tests/qemu/payloads.sh helloworld) || return 1
	tests/qemu/mkesp.sh "$img" --size 40 "$app:/EFI/BOOT/BOOTX64.EFI" || return 1
	rm -f "$sock" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test" -serial "unix:$sock,server=on,wait=on" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	serial_type "$sock" "$OUT/$name.log" "│ OK │" "" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	expect '^bootmgr: starting PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '┌────┐' && expect '│ OK │' &&
		expect 'bootmgr: .*BOOTX64.EFI returned EFI_SUCCESS' &&
		expect_exit 0
}

# fw.shellwait: a key pressed in the window enters the shell before
# anything boots; exit returns to the boot manager, which boots the disk
# (and, in test mode with fw.shell, starts the shell again after it).
test_bootmgr_shellwait_key_pc() {
	local img=$OUT/bm-wait.img script=$OUT/bm-wait.txt sock=$OUT/bm-wait.sock
	bm_disk "$img" || return 1
	printf '%s\n' x exit exit >"$script" # the shell runs again after the boot
	rm -f "$sock"
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M pc -m 256 -kernel "$FW" \
		-append "fw.test fw.shell fw.shellwait=20000" -display none -nodefaults \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-chardev "socket,id=s0,path=$sock,server=on,wait=on" -serial chardev:s0 \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 \
		>"$OUT/bm-wait.qemu.log" 2>&1 &
	QEMU_PID=$!
	tests/qemu/console_script.py "$sock" "$OUT/bm-wait.log" 'press a key|> $' "$script" 50
	wait "$QEMU_PID"
	RC=$?
	LOG=$OUT/bm-wait.log
	expect_ok_exit &&
		expect '^bootmgr: press a key within 20000 ms for the shell' &&
		expect 'cloudhv-fw shell \(a key was pressed\)' &&
		expect '^bootmgr: the shell exited' &&
		expect '^args: from=.*BOOTX64.EFI options=\[\]' || return 1
	# The shell came before the disk's image.
	[[ $(log_text | grep -n 'a key was pressed' | head -1 | cut -d: -f1) -lt \
	   $(log_text | grep -n '^args: from=' | head -1 | cut -d: -f1) ]]
}
