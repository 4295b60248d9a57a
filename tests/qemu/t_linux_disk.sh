# The Debian kernel from a disk: GPT + FAT32 ESP (tests/qemu/mkesp.sh) with
# vmlinuz and the busybox initramfs. Nothing is at the removable path, so
# the shell starts and runs startup.nsh, which starts the kernel with
# initrd= and kernel arguments as load options, the way EDK2 users do it:
# the EFI stub then reads the initrd through SimpleFileSystem itself.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

test_linux_disk_startup_nsh_q35() {
	local kernel initrd img=$OUT/linux-disk.img
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/mkesp.sh "$img" --size 160 "$kernel:/vmlinuz" "$initrd:/initrd.img" \
		--text '/startup.nsh=vmlinuz initrd=\\initrd.img console=ttyS0 panic=-1\n' || return 1
	QEMU_TIMEOUT=150 qemu_boot linux-disk q35 1024 "fw.test fw.shell" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^bootmgr: starting the shell \(nothing to boot\)' &&
		expect '^Running fs0:\\startup.nsh' &&
		expect '^EFI stub: Loaded initrd from command line option' &&
		expect '^\[ *[0-9.]+\] Kernel command line: .*initrd=\\initrd.img console=ttyS0 panic=-1' &&
		expect '^\[ *[0-9.]+\] efi: EFI v2\.100 by cloudhv-fw' &&
		linux_ok q35
}
