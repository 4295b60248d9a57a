# The embedded shell (shell/): scripted sessions typed into the console
# (tests/qemu/console_script.py), one command per prompt. The main session
# runs every command against a GPT/FAT32 disk, writes files, and the host
# then checks them with mtools and fsck.fat. fw.shell lets the shell start
# in test mode (boot/shellwait.c).

SH_ARGS=build/efi/args.efi

# sh_session NAME MACHINE SCRIPT CONSOLE [QEMU args...]: CONSOLE is serial
# or virtio; the console transcript is $OUT/NAME.log (LOG).
sh_session() {
	local name=$1 machine=$2 script=$3 console=$4 sock
	shift 4
	sock=$OUT/$name.sock
	rm -f "$sock" "$OUT/$name.log"
	local con=(-chardev "socket,id=s0,path=$sock,server=on,wait=on")
	if [[ $console == serial ]]; then
		con+=(-serial chardev:s0)
	else
		con+=(-serial none -device virtio-serial-pci -device virtconsole,chardev=s0)
	fi
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M "$machine" -m 256 -kernel "$FW" \
		-append "fw.test fw.shell" -display none -nodefaults -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 "${con[@]}" "$@" \
		>"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
	tests/qemu/console_script.py "$sock" "$OUT/$name.log" '> $' "$script" \
		$((QEMU_TIMEOUT - 5))
	wait "$QEMU_PID"
	RC=$?
	LOG=$OUT/$name.log
}

test_shell_session_serial_q35() {
	local img=$OUT/shell-disk.img script=$OUT/shell-session.txt
	tests/qemu/mkesp.sh "$img" "$SH_ARGS:/EFI/BOOT/BOOTX64.EFI" \
		--text '/hello.txt=Hello from the host\n' \
		--text '/startup.nsh=# startup script\necho startup ran\nver\n' || return 1
	cat >"$script" <<'SCRIPT'
help
map
ls
cat hello.txt
echo written by the shell > new.txt
echo second line >> new.txt
mkdir logs
cp new.txt logs
cd logs
ls
cd ..
\EFI\BOOT\BOOTX64.EFI one "two three"
EFI\BOOT\BOOTX64 four
memmap
dh
pci
hwinfo
acpi
smbios
time 10:20:30
time
date
dmpstore PlatformLang
setvar Test -bs -rt =L"hi"
dmpstore Test
bcfg boot add 0 fs0:\EFI\BOOT\BOOTX64.EFI "Disk boot"
bcfg boot dump
rm hello.txt
nosuchcommand
reset -s
SCRIPT
	sh_session shell-serial q35 "$script" serial \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	expect_ok_exit &&
		expect '^startup ran$' &&
		expect '^UEFI 2\.10, firmware cloudhv-fw' &&
		expect '^bcfg +boot dump\|add\|rm\|mv' &&
		expect '^fs0: +PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)$' &&
		expect '^blk0: +PcieRoot\(0x0\)/Pci\(0x[0-9a-f]+,0x0\)$' &&
		expect ' 20  hello.txt$' &&
		expect '^Hello from the host$' &&
		expect '^copied 33 bytes to fs0:\\logs\\new.txt$' &&
		expect '^fs0:\\logs> ls' &&
		expect ' 33  new.txt$' &&
		expect '^args: from=\\EFI\\BOOT\\BOOTX64.EFI options=\[\\EFI\\BOOT\\BOOTX64.EFI one "two three"\]$' &&
		expect '^args: from=\\EFI\\BOOT\\BOOTX64.(EFI|efi) options=\[EFI\\BOOT\\BOOTX64 four\]$' &&
		expect '^RT_Code +0000000000' &&
		expect 'DevicePath BlockIO DiskIO PartitionInfo ESP SimpleFileSystem' &&
		expect '^0000  00  [0-9a-f]{2}  0     1af4   1001   010000$' &&
		expect '^no hardware-info BLOB' &&
		expect '^  FACP  @0x' && expect '^  DSDT  @0x' &&
		expect '^  BIOS: SeaBIOS, version' &&
		expect '^  System: QEMU ' && expect '^  ([5-9]|[1-9][0-9]+) structure\(s\)$' &&
		reject '^  structure at offset|^SMBIOS .* is (damaged|not mapped)' &&
		expect '^10:2[01]:[0-9]{2} \(UTC\)$' &&
		expect '^[01][0-9]/[0-3][0-9]/20[0-9]{2}$' &&
		expect "^Variable NV\+RT\+BS '8be4df61-93ca-11d2-aa0d-00e098032b8c:PlatformLang' DataSize = 0x6$" &&
		expect '^setvar Test: EFI_SUCCESS$' &&
		expect '^  0000: 68 00 69 00 ' &&
		expect '^  Desc    - Disk boot$' &&
		expect '^  DevPath - PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI$' &&
		expect '^deleted fs0:\\hello.txt$' &&
		expect "^'nosuchcommand' is not a command or an image" || return 1
	# What the shell wrote, read back on the host.
	local part="$img@@1M" want
	want=$'written by the shell\nsecond line'
	[[ $(MTOOLS_SKIP_CHECK=1 mtype -i "$part" ::/new.txt) == "$want" ]] &&
		[[ $(MTOOLS_SKIP_CHECK=1 mtype -i "$part" ::/logs/new.txt) == "$want" ]] ||
		{ echo "    new.txt / logs/new.txt differ on the host"; return 1; }
	! MTOOLS_SKIP_CHECK=1 mtype -i "$part" ::/hello.txt >/dev/null 2>&1 ||
		{ echo "    hello.txt was not deleted"; return 1; }
	dd if="$img" of="$OUT/shell-part.img" bs=1M skip=1 status=none &&
		fsck.fat -n "$OUT/shell-part.img" >"$OUT/shell-fsck.log" 2>&1 ||
		{ echo "    fsck.fat -n: $(tail -3 "$OUT/shell-fsck.log")"; return 1; }
}

# Line editing over the console: Left, Backspace, Home, Delete, history (Up).
test_shell_line_editing_pc() {
	local script=$OUT/shell-edit.txt
	printf '%s\n' $'echo hxllo\x1b[D\x1b[D\x1b[D\x7fe' $'Xecho again\x1b[H\x1b[3~' \
		$'\x1b[A' 'exit' >"$script"
	sh_session shell-edit pc "$script" serial
	expect_ok_exit &&
		expect '^hello$' &&
		[[ $(log_text | grep -c '^again$') == 2 ]] ||
		{ echo "    history did not repeat 'echo again'"; return 1; }
	expect 'bootmgr: the shell exited'
}

# No disk: the shell says why it started; on virtio-console, exit goes on
# with the boot (test mode then powers off).
test_shell_virtio_console_no_disk_q35() {
	local script=$OUT/shell-vcon.txt
	printf '%s\n' 'ver' 'map' 'exit' >"$script"
	sh_session shell-vcon q35 "$script" virtio
	expect_ok_exit &&
		expect 'cloudhv-fw shell \(nothing to boot\); type help' &&
		expect '^UEFI 2\.10, firmware cloudhv-fw' &&
		expect '\(no file systems or block devices\)'
}
