# Cloud Hypervisor's exact PVH hand-off (tests/qemu/shim_chv.asm): a shim
# kernel that QEMU starts through qboot rebuilds what Cloud Hypervisor
# gives the firmware (start_info 0x6000, module list 0x6040, memory map
# 0x7000 with its layout, command line 0x20000, GDT 0x500, one-entry IDT
# 0x520, CR0 = PE, CR4 = 0, EBX = 0x6000, ESP = 0) and wipes the BIOS data
# qboot left in low memory and the F segment, then enters the firmware,
# which QEMU's generic loader placed. The firmware must reach "ready" and
# boot an application from disk on q35 and on microvm (whose GPEX host,
# with pcie=on, decodes only its own windows, given by a hardware-info
# BLOB: nothing in the memory map says where they are).

build_chv_shim() {
	local entry
	entry=$(nm "$FW" | awk '$3 == "pvh_start32" {print "0x" $1}')
	mkdir -p "$OUT"
	nasm -f elf64 -DFW_ENTRY="$entry" tests/qemu/shim_chv.asm -o "$OUT/shim-chv.o" &&
		ld -nostdlib -static -Ttext=0x2000000 -z noexecstack --build-id=none \
			-e shim_start "$OUT/shim-chv.o" -o "$OUT/shim-chv.elf"
}

chv_handoff_disk() {
	local img=$OUT/chv-handoff.img
	[[ -s $img ]] || tests/qemu/mkesp.sh "$img" build/efi/args.efi:/EFI/BOOT/BOOTX64.EFI >/dev/null || return 1
	echo "$img"
}

# The lines every hand-off must give: start_info where Cloud Hypervisor
# puts it, the map it builds (3 entries with 256 MiB: RAM [0, 0xA0000),
# RAM from 1 MiB, the reserved ECAM area; nothing else below 1 MiB), the
# RSDP at 0xA0000 (both machines have memory there under qboot),
# no SMBIOS left in the F segment (so the firmware took QEMU's tables from
# fw_cfg, or built its own where fw_cfg has none: microvm; on Cloud
# Hypervisor they are at 0xF0000), and an application booted from the disk.
chv_handoff_ok() {
	expect '^pvh: start_info at 0x6000 v1, memory map at 0x7000 \(3 entries\), command line at 0x20000, 0 module\(s\), rsdp 0x[0-9a-f]+$' &&
		expect '^  \[0x00000009f000-0x0000000a0000\) type  7$|^  \[0x[0-9a-f]+-0x0000000a0000\) type  7$' &&
		expect '^  \[0x0000e8000000-0x0000f8000000\) type  0 fixed$' &&
		expect '^efi: (no SMBIOS from the VMM: built SMBIOS 3.0|SMBIOS from fw_cfg )' &&
		expect '^bootmgr: starting .*\\EFI\\BOOT\\BOOTX64.EFI$' &&
		expect '^args: from=\\EFI\\BOOT\\BOOTX64.EFI' &&
		expect '^cloudhv-fw ready' && reject '^(error|warning):' && expect_ok_exit
}

test_chv_handoff_q35() {
	local img
	build_chv_shim && img=$(chv_handoff_disk) || return 1
	FW=$OUT/shim-chv.elf qemu_boot chv-handoff-q35 q35 256 "fw.test fw.log=debug" \
		"${CHV_ARGS[@]}" -device "loader,file=build/cloudhv-fw.elf" \
		-drive "file=$img,if=none,id=d0,format=raw,readonly=on" -device virtio-blk-pci,drive=d0 || return 1
	chv_handoff_ok &&
		expect '^efi: SMBIOS from fw_cfg \(32-bit entry, [0-9]+ bytes of tables\)' &&
		expect '^acpi: RSDP v0 @0xa0000, RSDT' &&
		expect "^$CHV_WINDOWS"
}

test_chv_handoff_microvm() {
	local img blob=$OUT/microvm-gpex.blob
	build_chv_shim && img=$(chv_handoff_disk) || return 1
	[[ -s $blob ]] || python3 scripts/mkhwinfo.py -o "$blob" --host-bridge \
		bus=0-0xff,ecam=0xe0000000:0x10000000,mem=0xc0000000:0x20000000 >/dev/null || return 1
	FW=$OUT/shim-chv.elf qemu_boot chv-handoff-microvm microvm,pit=on,pic=on,rtc=on,pcie=on 256 \
		"fw.test fw.log=debug" -device "loader,file=build/cloudhv-fw.elf" \
		-fw_cfg "name=etc/hardware-info,file=$blob" \
		-drive "file=$img,if=none,id=d0,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d0,disable-legacy=on || return 1
	chv_handoff_ok &&
		expect '^efi: no SMBIOS from the VMM: built SMBIOS 3.0' &&
		expect '^acpi: RSDP v2 @0xa0000, XSDT'
}
