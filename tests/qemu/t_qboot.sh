# q35 entered through qboot (the chv profile's BIOS): nobody assigned a
# BAR or opened a bridge window, and no hardware-info BLOB describes the
# root bridge. The firmware derives the windows (pci/window.c), opens
# windows on the PCIe root ports that have devices (pci/bridge_win.c) and
# assigns the BARs, so a disk behind a root port boots, with an rng on
# the root bus; an empty root port is left closed. (qboot numbers the
# bridges it finds last first: the disk's bus is 1 or 2.)

test_qboot_root_port_disk() {
	local img=$OUT/qboot-rp.img
	tests/qemu/mkesp.sh "$img" build/efi/args.efi:/EFI/BOOT/BOOTX64.EFI >/dev/null || return 1
	qemu_boot qboot-rp q35 512 "fw.test" "${CHV_ARGS[@]}" \
		-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x3 \
		-device pcie-root-port,id=rp2,bus=pcie.0,chassis=2,addr=0x4 \
		-drive "file=$img,if=none,id=d0,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d0,bus=rp1 \
		-device virtio-rng-pci || return 1
	expect "^$CHV_WINDOWS" &&
		expect '^pci 0000:00:03.0: bridge windows opened: io 0x0\+0x0, mem 0x[0-9a-f]+\+0x100000, pmem 0x[1-9a-f][0-9a-f]{8,}\+0x100000$' &&
		reject '^pci 0000:00:04.0: bridge windows opened' &&
		reject 'fits no aperture' &&
		expect '^blk0: 0000:0[12]:00.0 1af4:1042, common config at 0x[1-9a-f][0-9a-f]{8,}$' &&
		expect '^bootmgr: starting PcieRoot\(0x0\)/Pci\(0x3,0x0\)/Pci\(0x0,0x0\)/HD\(1,GPT,.*\\EFI\\BOOT\\BOOTX64.EFI$' &&
		expect '^args: from=\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^cloudhv-fw ready' && expect_ok_exit
}
