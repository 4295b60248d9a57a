# Debian's systemd-boot-efi payloads to userspace on every machine profile
# (tests/qemu/linux_lib.sh): a unified kernel image (linuxx64.efi.stub +
# the Debian kernel + the busybox initramfs + a command line,
# tests/qemu/mkuki.sh) from a disk's removable path and, without any disk,
# as a PVH module (-initrd, as Cloud Hypervisor's --initramfs); and
# systemd-boot (systemd-bootx64.efi) with a Boot Loader Specification entry
# for the same kernel and initramfs.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

SDBOOT_EFI=build/payloads/systemd-boot-efi/usr/lib/systemd/boot/efi/systemd-bootx64.efi
BOOTX64_RE='^bootmgr: starting Pc(i|ie)Root\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI'

# uki_build NAME PROFILE: $OUT/NAME.efi with the profile's console.
uki_build() {
	local kernel initrd
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkuki.sh "$OUT/$1.efi" "$kernel" "$initrd" "$(linux_console "$2") panic=-1"
}

uki_cmdline_ok() {
	expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect "^\\[ *[0-9.]+\\] Kernel command line: ${2:-}$(linux_console "$1") panic=-1\$"
}

uki_disk() {
	local name=uki-disk-$1
	uki_build "$name" "$1" || return 1
	tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 "$OUT/$name.efi:/EFI/BOOT/BOOTX64.EFI" || return 1
	linux_boot "$name" "$1" "fw.test" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0
	expect "$BOOTX64_RE" && uki_cmdline_ok "$1" &&
		expect '^cloudhv-test: LoaderDevicePartUUID [0-9a-fA-F-]{36}$' &&
		linux_ok "$1"
}

test_uki_disk_pc() { uki_disk pc; }
test_uki_disk_q35() { uki_disk q35; }
test_uki_disk_chv() { uki_disk chv; }

uki_module() {
	local name=uki-module-$1
	uki_build "$name" "$1" || return 1
	linux_boot "$name" "$1" "fw.test" -initrd "$OUT/$name.efi"
	expect '^bootmgr: starting PVH module 0' && uki_cmdline_ok "$1" &&
		linux_ok "$1" 0
}

test_uki_module_pc() { uki_module pc; }
test_uki_module_chv() { uki_module chv; }

sdboot() {
	local name=sdboot-$1 kernel initrd
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 "$SDBOOT_EFI:/EFI/BOOT/BOOTX64.EFI" \
		"$kernel:/vmlinuz" "$initrd:/initrd.img" \
		--text '/loader/loader.conf=default debian.conf\ntimeout 0\n' \
		--text "/loader/entries/debian.conf=title Debian (cloudhv-fw test)\\nlinux /vmlinuz\\ninitrd /initrd.img\\noptions $(linux_console "$1") panic=-1\\n" || return 1
	linux_boot "$name" "$1" "fw.test" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0
	expect "$BOOTX64_RE" && uki_cmdline_ok "$1" 'initrd=\\initrd.img ' &&
		expect '^cloudhv-test: LoaderDevicePartUUID [0-9a-fA-F-]{36}$' &&
		linux_ok "$1"
}

test_systemd_boot_pc() { sdboot pc; }
test_systemd_boot_q35() { sdboot q35; }
test_systemd_boot_chv() { sdboot chv; }
