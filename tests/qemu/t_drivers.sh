# The EFI driver model (tests/efi/drivers.c): OpenProtocol's attributes
# and open records, ConnectController/DisconnectController, uninstall and
# reinstall of an interface a driver uses, and a boot-service driver
# loaded with LoadImage; on cloudhv-fw (q35) and on OVMF, the reference.
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh

test_efi_drivers_q35() {
	efi_app drivers || return 1
	qemu_boot efi-drivers q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/drivers.efi
	expect '^drivers: start' &&
		reject '^not ok' &&
		expect '^drivers: 46 checks, 0 failed' &&
		reject '^# EDK II' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect_ok_exit
}

# OVMF: one check fewer, EDK II's DisconnectController departs from the
# spec (the app says so in a '#' line).
test_ovmf_drivers() {
	ovmf_run drivers 'drivers: [0-9]+ checks, [0-9]+ failed' &&
		expect 'drivers: 45 checks, 0 failed' &&
		expect '^# EDK II: DisconnectController'
}
