# GRUB and shim from Debian packages to userspace (issue 7, in part): a
# GRUB image made by grub-mkstandalone (grub-common) from
# grub-efi-amd64-bin's modules with an embedded grub.cfg that finds the
# ESP and loads the kernel and initrd from it; booted as
# \EFI\BOOT\BOOTX64.EFI, and behind shim-unsigned (shimx64.efi as
# BOOTX64.EFI, the GRUB image next to it as grubx64.efi, which shim loads
# from its own directory and which writes MokListRT and friends through
# SetVariable). GRUB prints "error: no suitable video mode found" (there
# is no GOP: serial only) and boots "in blind mode", as on any headless
# firmware.

# grub_disk NAME [shim]: $OUT/NAME.img with the kernel, initramfs, GRUB.
grub_disk() {
	local name=$1 kernel mods cfg=$OUT/$1.grub.cfg
	kernel=$(tests/qemu/payloads.sh kernel) && mods=$(tests/qemu/payloads.sh grubmods) || return 1
	printf '%s\n' 'set timeout=0' 'search --no-floppy --file --set=root /vmlinuz' \
		'linux /vmlinuz console=ttyS0 panic=-1' 'initrd /initrd.img' 'boot' >"$cfg"
	grub-mkstandalone -O x86_64-efi -d "$mods" \
		--modules="part_gpt part_msdos fat search linux normal" \
		-o "$OUT/$name.grubx64.efi" "boot/grub/grub.cfg=$cfg" || return 1
	tests/qemu/mkinitramfs.sh "$OUT/$name.cpio.gz" >/dev/null || return 1
	if [[ ${2:-} == shim ]]; then
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
			"$(tests/qemu/payloads.sh shim):/EFI/BOOT/BOOTX64.EFI" \
			"$OUT/$name.grubx64.efi:/EFI/BOOT/grubx64.efi" \
			"$kernel:/vmlinuz" "$OUT/$name.cpio.gz:/initrd.img"
	else
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
			"$OUT/$name.grubx64.efi:/EFI/BOOT/BOOTX64.EFI" \
			"$kernel:/vmlinuz" "$OUT/$name.cpio.gz:/initrd.img"
	fi
}

grub_userspace_ok() {
	expect '^\[ *[0-9.]+\] Kernel command line: BOOT_IMAGE=/vmlinuz console=ttyS0 panic=-1$' &&
		linux_userspace_ok
}

test_grub_standalone_pc() {
	grub_disk grub-pc || return 1
	QEMU_TIMEOUT=150 qemu_boot grub-pc pc 1024 "fw.test" \
		-drive "if=none,id=d0,file=$OUT/grub-pc.img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^bootmgr: starting PciRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^cloudhv-test: efivarfs Mok variables: 0' &&
		grub_userspace_ok
}

test_shim_grub_q35() {
	grub_disk shim-q35 shim || return 1
	QEMU_TIMEOUT=150 qemu_boot shim-q35 q35 1024 "fw.test" \
		-drive "if=none,id=d0,file=$OUT/shim-q35.img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^bootmgr: starting PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect 'Welcome to GRUB!' &&
		expect '^cloudhv-test: efivarfs Mok variables: [1-9]' &&
		grub_userspace_ok
}
