# The VMM's SMBIOS and our boot options, seen from inside Linux. QEMU's
# -smbios strings (type 1 serial number and UUID, a type 11 OEM string as
# Cloud Hypervisor's --platform oem_strings and systemd's credentials use
# them) must reach the guest unchanged through the SMBIOS configuration
# tables, under both entry points QEMU can publish
# (smbios-entry-point-type=32: "_SM_" only, SMBIOS_TABLE_GUID; =64:
# "_SM3_" only, SMBIOS3_TABLE_GUID), placed by SeaBIOS in the F segment or,
# entered through qboot (no BIOS services, as on Cloud Hypervisor; it
# places no 3.0 entry point), read by the firmware from fw_cfg. The payload
# is a unified kernel image, at a disk's removable path in one boot and as
# a PVH module (Cloud Hypervisor's --initramfs) in the other, so the same boots also show what
# `efibootmgr -v` reads: BootCurrent, BootOrder and the option the firmware
# made for what booted. One initramfs (mkinitramfs.sh --efibootmgr) prints
# it all; one Linux boot per entry point.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

SM_UUID=4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b
SM_SERIAL=SER123
SM_CRED='io.systemd.credential:foo=bar'

# The initramfs with efibootmgr, built by each test for itself: tests run
# two at a time, and a file kept from an earlier run could be stale.
sm_initramfs() {
	local f=$OUT/$1.initramfs.cpio.gz
	tests/qemu/mkinitramfs.sh "$f" --efibootmgr >/dev/null || return 1
	echo "$f"
}

# sm_boot NAME EP-TYPE disk|module [QEMU args]: the UKI on q35 with the
# -smbios strings and the given entry point, from a disk's removable path
# or as a PVH module.
sm_boot() {
	local name=$1 ep=$2 mode=$3 kernel initrd from
	shift 3
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(sm_initramfs "$name") || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkuki.sh "$OUT/$name.efi" "$kernel" "$initrd" "console=ttyS0 panic=-1" || return 1
	if [[ $mode == disk ]]; then
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 "$OUT/$name.efi:/EFI/BOOT/BOOTX64.EFI" ||
			return 1
		# shellcheck disable=SC2054 # commas inside QEMU arguments
		from=(-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0)
	else
		from=(-initrd "$OUT/$name.efi")
	fi
	linux_boot "$name" q35 "fw.test" -machine "smbios-entry-point-type=$ep" \
		-smbios "type=1,serial=$SM_SERIAL,uuid=$SM_UUID" \
		-smbios "type=11,value=$SM_CRED" "${from[@]}" "$@"
}

# What every boot must show: the strings, from Linux's own DMI code.
sm_strings_ok() {
	expect "^cloudhv-test: dmi product_serial: $SM_SERIAL\$" &&
		expect "^cloudhv-test: dmi product_uuid: $SM_UUID\$" &&
		expect "^cloudhv-test: smbios type 11 11-0: $SM_CRED\$"
}

# efibootmgr -v: BootCurrent is the option of what booted, which BootOrder
# holds: the disk's with its partition and file, or the PVH module's.
sm_efibootmgr_ok() {
	expect '^cloudhv-test: efibootmgr: BootCurrent: 0000$' &&
		expect '^cloudhv-test: efibootmgr: Timeout: 0 seconds$' &&
		expect '^cloudhv-test: efibootmgr: BootOrder: 0000$'
}

sm_efibootmgr_disk_ok() {
	sm_efibootmgr_ok &&
		expect '^bootmgr: Boot0000 "UEFI VirtIO Disk 0 Partition 1" created$' &&
		expect '^cloudhv-test: efibootmgr: Boot0000\* UEFI VirtIO Disk 0 Partition 1	Pc(i|ie)Root\(0x0\)/Pci\(0x[0-9a-f]+,0x0\)/HD\(1,GPT,[0-9a-f-]{36},0x800,0x[0-9a-f]+\)/File\(\\EFI\\BOOT\\BOOTX64.EFI\)'
}

test_smbios_linux_sm2_efibootmgr_disk_q35() {
	sm_boot smbios-linux-32 32 disk || return 1
	expect '^efi: SMBIOS [23]\.[0-9]+ \(32-bit entry\) at 0x' &&
		reject '^efi: SMBIOS .*64-bit entry' &&
		expect '^\[ *[0-9.]+\] efi: .*SMBIOS=0x' &&
		expect '^cloudhv-test: smbios entry point: _SM_$' &&
		sm_strings_ok && sm_efibootmgr_disk_ok && linux_ok q35
}

test_smbios_linux_sm3_fwcfg_efibootmgr_module_q35() {
	sm_boot smbios-linux-64 64 module -bios /usr/share/qemu/qboot.rom || return 1
	expect '^efi: SMBIOS from fw_cfg \(64-bit entry, [0-9]+ bytes of tables\) at 0x' &&
		expect '^\[ *[0-9.]+\] DMI: QEMU Standard PC .*, BIOS [0-9]' &&
		expect '^\[ *[0-9.]+\] efi: .*SMBIOS 3\.0=0x' &&
		expect '^cloudhv-test: smbios entry point: _SM3_$' &&
		sm_strings_ok && sm_efibootmgr_ok &&
		expect '^bootmgr: Boot0000 "UEFI PVH Module 0" created$' &&
		expect '^cloudhv-test: efibootmgr: Boot0000\* UEFI PVH Module 0	VenHw\(9ca3319e-a70c-4a30-962c-706c6fc32d41,0200000000000000\)' &&
		linux_ok q35 0
}

# The shell's smbios shows the same strings (no Linux: the disk has only
# a startup.nsh, so the shell starts and runs it).
test_smbios_shell_q35() {
	tests/qemu/mkesp.sh "$OUT/smbios-shell.img" --size 40 \
		--text '/startup.nsh=smbios\nreset -s\n' || return 1
	qemu_boot smbios-shell q35 256 "fw.test fw.shell" \
		-machine smbios-entry-point-type=64 \
		-smbios "type=1,serial=$SM_SERIAL,uuid=$SM_UUID" -smbios "type=11,value=$SM_CRED" \
		-drive "if=none,id=d0,file=$OUT/smbios-shell.img,format=raw" -device virtio-blk-pci,drive=d0
	expect_ok_exit &&
		expect '^SMBIOS 3\.0 \(64-bit entry point at 0xf[0-9a-f]+\)$' &&
		reject '^SMBIOS .*32-bit entry point' &&
		expect '^  System: QEMU ' &&
		expect "^  System serial: $SM_SERIAL, UUID: $SM_UUID\$" &&
		expect "^  OEM string 1: $SM_CRED\$"
}
