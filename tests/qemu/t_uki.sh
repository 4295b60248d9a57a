# Debian's systemd-boot-efi payloads to userspace (issue 7, in part): a
# unified kernel image (linuxx64.efi.stub + the Debian kernel + the busybox
# initramfs + a command line, tests/qemu/mkuki.sh) from a disk's removable
# path and, without any disk, as a PVH module (-initrd, as Cloud
# Hypervisor's --initramfs); and systemd-boot (systemd-bootx64.efi) with a
# Boot Loader Specification entry for the same kernel and initramfs.

SDBOOT_EFI=build/payloads/systemd-boot-efi/usr/lib/systemd/boot/efi/systemd-bootx64.efi

# uki_build NAME: $OUT/uki-NAME.efi and its initramfs (per test: tests
# run two at a time).
uki_build() {
	local kernel
	kernel=$(tests/qemu/payloads.sh kernel) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkinitramfs.sh "$OUT/initramfs-uki-$1.cpio.gz" >/dev/null &&
		tests/qemu/mkuki.sh "$OUT/uki-$1.efi" "$kernel" "$OUT/initramfs-uki-$1.cpio.gz" \
			"console=ttyS0 panic=-1"
}

test_uki_removable_path_q35() {
	uki_build disk || return 1
	tests/qemu/mkesp.sh "$OUT/uki-disk.img" --size 64 "$OUT/uki-disk.efi:/EFI/BOOT/BOOTX64.EFI" || return 1
	QEMU_TIMEOUT=150 qemu_boot uki-disk q35 1024 "fw.test" \
		-drive "if=none,id=d0,file=$OUT/uki-disk.img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^bootmgr: starting PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect '^\[ *[0-9.]+\] Kernel command line: console=ttyS0 panic=-1$' &&
		expect '^cloudhv-test: LoaderDevicePartUUID [0-9a-fA-F-]{36}$' &&
		linux_userspace_ok
}

test_uki_pvh_module_pc() {
	uki_build module || return 1
	QEMU_TIMEOUT=150 qemu_boot uki-module pc 1024 "fw.test" -initrd "$OUT/uki-module.efi"
	expect '^bootmgr: starting PVH module 0' &&
		expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect '^\[ *[0-9.]+\] Kernel command line: console=ttyS0 panic=-1$' &&
		linux_userspace_ok
}

test_systemd_boot_bls_entry_q35() {
	local kernel img=$OUT/sdboot.img
	kernel=$(tests/qemu/payloads.sh kernel) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkinitramfs.sh "$OUT/initramfs-sdboot.cpio.gz" >/dev/null || return 1
	tests/qemu/mkesp.sh "$img" --size 64 "$SDBOOT_EFI:/EFI/BOOT/BOOTX64.EFI" \
		"$kernel:/vmlinuz" "$OUT/initramfs-sdboot.cpio.gz:/initrd.img" \
		--text '/loader/loader.conf=default debian.conf\ntimeout 0\n' \
		--text '/loader/entries/debian.conf=title Debian (cloudhv-fw test)\nlinux /vmlinuz\ninitrd /initrd.img\noptions console=ttyS0 panic=-1\n' || return 1
	QEMU_TIMEOUT=150 qemu_boot sdboot q35 1024 "fw.test" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^bootmgr: starting .*\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect '^\[ *[0-9.]+\] Kernel command line: initrd=\\initrd.img console=ttyS0 panic=-1$' &&
		expect '^cloudhv-test: LoaderDevicePartUUID [0-9a-fA-F-]{36}$' &&
		linux_userspace_ok
}
