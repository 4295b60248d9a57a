# EFI core: the firmware loads and starts gnu-efi applications handed over
# through fw_cfg (opt/cloudhv/app.efi). tests/efi/conformance.c checks the
# services through the system table and leaves through Exit(); a damaged
# image is refused with a reason and boot goes on.

check_conformance() {
	local machine=$1
	shift
	efi_app conformance || return 1
	qemu_boot "efi-conf-$machine" "$machine" 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/conformance.efi "$@" || return 1
	expect '^efi: SMBIOS 2\.8 \(32-bit entry\) at 0xf[0-9a-f]+' &&
		expect '^efi: system table at 0x[0-9a-f]+, UEFI 2\.10, 4 configuration table\(s\)' &&
		expect '^bootmgr: starting opt/cloudhv/app.efi' &&
		expect '^conformance: start' &&
		reject '^not ok' &&
		expect '^conformance: [0-9]+ checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# q35 with virtio-rng (the RNG protocol checks run); pc without (the app
# finds no RNG protocol: LocateProtocol says NOT_FOUND).
test_efi_conformance_q35() {
	check_conformance q35 -device virtio-rng-pci || return 1
	expect '^efi: RNG protocol from virtio-rng' &&
		expect '^ok [0-9]+ - RNG GetRNG gives different values'
}
test_efi_conformance_pc() {
	check_conformance pc || return 1
	expect '^# no RNG protocol on this machine'
}

# A truncated image: LoadImage says why, nothing runs, boot continues.
test_efi_damaged_image() {
	efi_app conformance || return 1
	mkdir -p "$OUT"
	head -c 3000 build/efi/conformance.efi >"$OUT/truncated.efi"
	qemu_boot efi-damaged q35 256 "fw.test" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$OUT/truncated.efi" || return 1
	expect '^error: efi: LoadImage: .+' &&
		expect '^error: bootmgr: opt/cloudhv/app.efi: cannot load: EFI_LOAD_ERROR' &&
		reject '^conformance: start' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# -cpu max: RDRAND feeds the RNG protocol (no virtio-rng), and the page
# tables use 1 GiB pages.
test_efi_rng_rdrand_cpu_max() {
	efi_app conformance || return 1
	qemu_boot efi-rdrand q35 2048 "fw.test" -cpu max \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/conformance.efi || return 1
	expect '^memory: .*, 1 GiB pages' &&
		expect '^efi: RNG protocol from RDRAND' &&
		expect '^ok [0-9]+ - RNG GetRNG gives different values' &&
		reject '^not ok' &&
		expect '^conformance: 42 checks, 0 failed' && expect_exit 0
}

# UEFI 2.10 §2.3.4.1: an application has at least 128 KiB of stack. It
# uses 120 KiB and calls boot services from there (tests/efi/stack.c).
test_efi_stack_128k() {
	efi_app stack || return 1
	qemu_boot efi-stack q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/stack.efi || return 1
	expect '^ok - 120 KiB of stack used, boot services called from there' &&
		expect '^stack: 1 checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect_exit 0
}

# An image that runs off its stack faults in the guard page below it, and
# the report says whose stack it was.
test_efi_stack_overflow_named() {
	efi_app stack || return 1
	qemu_boot efi-stack-overflow q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/stack.efi \
		-fw_cfg name=opt/cloudhv/cmdline,string=overflow || return 1
	expect '^stack: recursing until the stack ends' &&
		expect '^error: exception #(PF page fault|DF double fault)' &&
		expect '^error: stack overflow: .+ used all of its 128 KiB stack' &&
		expect_exit 5
}
