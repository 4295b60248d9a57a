# A real payload to userspace: the Debian kernel (linux-image-amd64,
# unpacked by tests/qemu/payloads.sh) started through its EFI stub from
# fw_cfg opt/cloudhv/app.efi, its command line as load options, and a
# busybox initramfs (tests/qemu/mkinitramfs.sh) served by LoadFile2 on the
# Linux initrd media device path. /init checks the firmware from inside
# and powers off.

test_linux_efi_stub_to_userspace() {
	local kernel
	kernel=$(tests/qemu/payloads.sh kernel) || return 1
	mkdir -p "$OUT"
	tests/qemu/mkinitramfs.sh "$OUT/initramfs.cpio.gz" >/dev/null || return 1
	QEMU_TIMEOUT=120 qemu_boot linux-stub q35 1024 "fw.test" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/initrd,file=$OUT/initramfs.cpio.gz" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=console=ttyS0 panic=-1" || return 1
	expect '^efi: load options: console=ttyS0 panic=-1' &&
		expect '^efi: initrd of [0-9]+ bytes on the Linux initrd media device path' &&
		expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect '^virtio: [0-9]+ device\(s\) reset before handover' &&
		expect '^\[ *[0-9.]+\] Linux version [0-9]' &&
		expect '^\[ *[0-9.]+\] efi: EFI v2\.100 by cloudhv-fw' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot disabled' &&
		expect '^\[ *[0-9.]+\] BIOS-e820: \[mem 0x0000000000100000-0x[0-9a-f]+\] usable' &&
		expect '^cloudhv-test: userspace reached' &&
		expect '^cloudhv-test: /sys/firmware/efi present' &&
		expect '^cloudhv-test: ACPI tables in sysfs: [1-9]' &&
		expect '^\[ *[0-9.]+\] DMI: QEMU Standard PC' &&
		expect '^cloudhv-test: SMBIOS tables present' &&
		expect '^cloudhv-test: done, powering off' &&
		reject 'Unable to switch EFI into virtual mode' &&
		reject 'efi: .*runtime services .*disabled' &&
		expect '^cloudhv-test: EFI runtime map entries: [1-9]' &&
		expect '^cloudhv-test: efivarfs PlatformLang: en-US' &&
		reject '\[Firmware Bug\]|FW_BUG|\[Firmware Warn\]|cloudhv-test: FAIL' &&
		expect_exit 0
}
