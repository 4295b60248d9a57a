# A real payload: the Debian kernel (linux-image-amd64) started through its
# EFI stub from fw_cfg opt/cloudhv/app.efi, with its command line as load
# options. With no initrd yet it must get as far as mounting the root file
# system (and panic there, which ends the run), having used our memory map,
# ACPI table and variables, with no firmware-bug complaints.

debian_kernel() {
	ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -1
}

test_linux_efi_stub_boots() {
	local kernel
	kernel=$(debian_kernel)
	[[ -n $kernel ]] || { echo "    no /boot/vmlinuz-*-amd64 (apt-get install linux-image-amd64)"; return 1; }
	QEMU_TIMEOUT=120 qemu_boot linux-stub q35 1024 "fw.test" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=console=ttyS0 panic=-1" || return 1
	expect '^efi: load options: console=ttyS0 panic=-1' &&
		expect '^virtio: [0-9]+ device\(s\) reset before handover' &&
		expect '^\[ *[0-9.]+\] Linux version [0-9]' &&
		expect '^\[ *[0-9.]+\] efi: EFI v2\.100 by cloudhv-fw' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot disabled' &&
		expect '^\[ *[0-9.]+\] BIOS-e820: \[mem 0x0000000000100000-0x[0-9a-f]+\] usable' &&
		expect '^\[ *[0-9.]+\] ACPI: RSDP 0x' &&
		expect 'Kernel panic - not syncing: VFS: Unable to mount root fs' &&
		reject '\[Firmware Bug\]|FW_BUG|\[Firmware Warn\]' &&
		expect_exit 0
}
