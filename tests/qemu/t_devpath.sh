# DevicePathToText and DevicePathUtilities (tests/efi/devpath.c) on
# cloudhv-fw (q35) and on OVMF, the reference for the exact text.
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh

test_devpath_q35() {
	efi_app devpath || return 1
	qemu_boot devpath-q35 q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/devpath.efi || return 1
	expect '^devpath: start' &&
		reject '^not ok' &&
		expect '^devpath: [0-9]+ checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# From a disk through the boot manager: the image then has a
# LoadedImageDevicePath, and its text (DevicePathToText, UCS-2) is the
# boot manager's log text of the same path (the same protocol, through
# efilib_dp_text, in ASCII).
test_devpath_disk_q35() {
	local img=$OUT/devpath-disk.img path
	efi_app devpath || return 1
	tests/qemu/mkesp.sh "$img" --size 40 build/efi/devpath.efi:/EFI/BOOT/BOOTX64.EFI || return 1
	qemu_boot devpath-disk q35 256 "fw.test" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	expect_ok_exit && reject '^not ok' &&
		expect '^devpath: [0-9]+ checks, 0 failed' || return 1
	path=$(log_text | sed -n 's/^# LoadedImageDevicePath: //p')
	[[ $path =~ ^PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI$ ]] ||
		{ echo "    LoadedImageDevicePath text: '$path'"; return 1; }
	log_text | grep -qxF "bootmgr: starting $path" ||
		{ echo "    the boot manager did not log: bootmgr: starting $path"; return 1; }
}

test_devpath_ovmf() { ovmf_run devpath 'devpath: [0-9]+ checks, 0 failed'; }
