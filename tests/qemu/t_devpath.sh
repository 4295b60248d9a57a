# DevicePathToText and DevicePathUtilities (tests/efi/devpath.c) on
# cloudhv-fw (q35) and on OVMF, the reference for the exact text.
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh

test_devpath_q35() {
	[[ -f build/efi/devpath.efi ]] || make --no-print-directory build/efi/devpath.efi >/dev/null || return 1
	qemu_boot devpath-q35 q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/devpath.efi || return 1
	expect '^devpath: start' &&
		reject '^not ok' &&
		expect '^devpath: [0-9]+ checks, 0 failed' &&
		expect '^efi: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

test_devpath_ovmf() { ovmf_run devpath 'devpath: [0-9]+ checks, 0 failed'; }
