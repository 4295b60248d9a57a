# GRUB and shim from Debian packages to userspace on every machine profile
# (tests/qemu/linux_lib.sh): a GRUB image made by grub-mkstandalone
# (grub-common) from grub-efi-amd64-bin's modules with an embedded
# grub.cfg that finds the ESP and loads the kernel and initrd from it;
# booted as \EFI\BOOT\BOOTX64.EFI, and behind shim-unsigned (shimx64.efi
# as BOOTX64.EFI, the GRUB image next to it as grubx64.efi, which shim
# loads from its own directory and which writes MokListRT and friends
# through SetVariable). GRUB prints "error: no suitable video mode found"
# (there is no GOP: serial only) and boots "in blind mode", as on any
# headless firmware.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

BOOTX64_RE='^bootmgr: starting Pc(i|ie)Root\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI'

# grub_disk NAME PROFILE [shim]: $OUT/NAME.img with the kernel, initramfs, GRUB.
grub_disk() {
	local name=$1 kernel initrd mods cfg=$OUT/$1.grub.cfg
	kernel=$(tests/qemu/payloads.sh kernel) && mods=$(tests/qemu/payloads.sh grubmods) &&
		initrd=$(linux_initramfs) || return 1
	printf '%s\n' 'set timeout=0' 'search --no-floppy --file --set=root /vmlinuz' \
		"linux /vmlinuz $(linux_console "$2") panic=-1" 'initrd /initrd.img' 'boot' >"$cfg"
	grub-mkstandalone -O x86_64-efi -d "$mods" \
		--modules="part_gpt part_msdos fat search linux normal" \
		-o "$OUT/$name.grubx64.efi" "boot/grub/grub.cfg=$cfg" || return 1
	if [[ ${3:-} == shim ]]; then
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
			"$(tests/qemu/payloads.sh shim):/EFI/BOOT/BOOTX64.EFI" \
			"$OUT/$name.grubx64.efi:/EFI/BOOT/grubx64.efi" \
			"$kernel:/vmlinuz" "$initrd:/initrd.img"
	else
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
			"$OUT/$name.grubx64.efi:/EFI/BOOT/BOOTX64.EFI" \
			"$kernel:/vmlinuz" "$initrd:/initrd.img"
	fi
}

# grub_boot PROFILE [shim]
grub_boot() {
	local name=grub-$1${2:+-$2}
	grub_disk "$name" "$1" "${2:-}" || return 1
	linux_boot "$name" "$1" "fw.test" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0
	expect "$BOOTX64_RE" &&
		expect 'Welcome to GRUB!' &&
		expect "^\\[ *[0-9.]+\\] Kernel command line: BOOT_IMAGE=/vmlinuz $(linux_console "$1") panic=-1\$" &&
		if [[ ${2:-} == shim ]]; then
			expect '^cloudhv-test: efivarfs Mok variables: [1-9]'
		else
			expect '^cloudhv-test: efivarfs Mok variables: 0'
		fi &&
		linux_ok "$1"
}

test_grub_standalone_pc() { grub_boot pc; }
test_grub_standalone_q35() { grub_boot q35; }
test_grub_standalone_chv() { grub_boot chv; }
test_shim_grub_pc() { grub_boot pc shim; }
test_shim_grub_q35() { grub_boot q35 shim; }
test_shim_grub_chv() { grub_boot chv shim; }
