# Boot progress codes on port 0x80 (arch/postcode.c; the table is in
# arch/arch.h and README.md): an isa-debugcon at 0x80 writes every byte the
# guest sends there to a file, which must hold exactly the phases in
# order. Neither qboot (the chv profile) nor Debian's SeaBIOS (pc, q35)
# writes port 0x80 before us, so the whole sequence is checked on both.

# postcode_bytes FILE: the bytes as "00 01 ...".
postcode_bytes() {
	od -An -tx1 -v "$1" | tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//'
}

# expect_codes FILE WHOLE|SUFFIX CODES: the captured sequence is (ends with) CODES.
expect_codes() {
	local got
	got=$(postcode_bytes "$1")
	if [[ $2 == WHOLE && $got != "$3" ]] || [[ $2 == SUFFIX && $got != *"$3" ]]; then
		echo "    port 0x80 saw '$got', expected $([[ $2 == SUFFIX ]] && echo '... ')'$3'"
		return 1
	fi
}

# pc80_args NAME: the capture device; the file starts empty.
pc80_args() {
	rm -f "$OUT/$1.pc80"
	echo "-chardev file,id=pc80,path=$OUT/$1.pc80 -device isa-debugcon,iobase=0x80,chardev=pc80"
}

POST_BOOT='00 01 02 03 04 05 06 07' # entry .. ready

# chv (qboot): an application from disk, which returns; test mode then
# powers off (no code: only errors stop with one).
test_postcode_chv_app() {
	local img=$OUT/postcode-app.img
	tests/qemu/mkesp.sh "$img" build/efi/args.efi:/EFI/BOOT/BOOTX64.EFI >/dev/null || return 1
	# shellcheck disable=SC2046
	qemu_boot postcode-chv-app q35 256 "fw.test" "${CHV_ARGS[@]}" $(pc80_args postcode-chv-app) \
		-drive "file=$img,if=none,id=d0,format=raw,readonly=on" -device virtio-blk-pci,drive=d0 || return 1
	expect '^bootmgr: starting .*\\EFI\\BOOT\\BOOTX64.EFI$' && expect '^cloudhv-fw ready' &&
		expect_ok_exit && expect_codes "$OUT/postcode-chv-app.pc80" WHOLE "$POST_BOOT 08"
}

# chv (qboot): nothing to boot, so the shell starts (fw.shell) and its
# startup.nsh powers the machine off.
test_postcode_chv_shell() {
	local img=$OUT/postcode-shell.img
	tests/qemu/mkesp.sh "$img" --text '/startup.nsh=reset -s\n' >/dev/null || return 1
	# shellcheck disable=SC2046
	qemu_boot postcode-chv-shell q35 256 "fw.test fw.shell" "${CHV_ARGS[@]}" $(pc80_args postcode-chv-shell) \
		-drive "file=$img,if=none,id=d0,format=raw,readonly=on" -device virtio-blk-pci,drive=d0 || return 1
	expect '^bootmgr: starting the shell' && expect_ok_exit &&
		expect_codes "$OUT/postcode-chv-shell.pc80" WHOLE "$POST_BOOT 0a"
}

# q35 (SeaBIOS first): an application that calls ExitBootServices.
test_postcode_q35_exit_boot_services() {
	efi_app events_ebs || return 1
	# shellcheck disable=SC2046
	qemu_boot postcode-q35-ebs q35 256 "fw.test" $(pc80_args postcode-q35-ebs) \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/events_ebs.efi || return 1
	expect '^events-ebs: [0-9]+ checks, 0 failed' && expect_exit 0 &&
		expect_codes "$OUT/postcode-q35-ebs.pc80" WHOLE "$POST_BOOT 08 09"
}

# A stop on an error: a start_info with a bad magic (tests/qemu/shim.asm
# mode 1, as t_start_info.sh uses it) ends after the C entry with 0x0f.
test_postcode_stop_error() {
	local entry
	entry=$(nm "$FW" | awk '$3 == "pvh_start32" {print "0x" $1}')
	mkdir -p "$OUT"
	nasm -f elf64 -DMODE=1 -DFW_ENTRY="$entry" tests/qemu/shim.asm -o "$OUT/shim-pc80.o" &&
		ld -nostdlib -static -Ttext=0x2000000 -z noexecstack --build-id=none \
			-e shim_start "$OUT/shim-pc80.o" -o "$OUT/shim-pc80.elf" || return 1
	# shellcheck disable=SC2046
	FW=$OUT/shim-pc80.elf qemu_boot postcode-error pc 128 "fw.test" \
		-device "loader,file=build/cloudhv-fw.elf" $(pc80_args postcode-error) || return 1
	expect '^error: PVH start_info at 0x[0-9a-f]+ is unusable: bad magic' && expect_exit 7 &&
		expect_codes "$OUT/postcode-error.pc80" WHOLE "00 01 0f"
}
