# Memory protection: the page tables while an NX_COMPAT image runs (read
# through the QEMU monitor), the Memory Attribute protocol from outside
# (tests/efi/memattr.c), the W^X decision for images, and a NULL pointer
# in an image named in the fault report.

memattr_app() {
	[[ -f build/efi/memattr.efi && -f build/efi/stack.efi ]] ||
		make --no-print-directory build/efi/memattr.efi build/efi/stack.efi >/dev/null
}

# The boot manager starts memattr.efi (NX_COMPAT) with "wait": after its
# checks it prints its layout and the memory map's ranges where the policy
# allows writable+executable pages, then waits; the host reads the live
# page tables (`info tlb`) and tests/qemu/pagecheck.py checks them: page 0
# absent, no writable+executable page outside loader code/data and boot/
# runtime-services code, the app's code r-x and data rw- (no-execute), the
# firmware's code r-x and data no-execute. 2 MiB pages: QEMU's default CPU
# has no 1 GiB pages.
test_memprot_page_tables() {
	local name=memprot-pt
	memattr_app || return 1
	qemu_start "$name" q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/memattr.efi \
		-fw_cfg name=opt/cloudhv/cmdline,string=wait
	if ! wait_for '^memattr: waiting for the page-table check' 90; then
		qemu_stop
		return 1
	fi
	monitor "info tlb" >"$OUT/$name.tlb"
	qemu_stop
	expect '^memory: .*, 2 MiB pages' &&
		reject '^not ok' &&
		expect '^memattr: wx-allowed ' || return 1
	tests/qemu/pagecheck.py "$OUT/$name.tlb" "$LOG" "$FW" >"$OUT/$name.check" 2>&1
	local rc=$?
	grep -v '^pagecheck: ok' "$OUT/$name.check" | sed 's/^/    /'
	return $rc
}

# The protocol's checks (Get on its own sections, Set/Clear, a change
# inside a large page, freed pages, argument errors, firmware memory
# refused, a runtime driver in the memory attributes table), and the
# debug lines that say how each image was mapped: memattr.efi W^X,
# stack.efi (no NX_COMPAT) RWX.
check_memattr() {
	local machine=$1
	memattr_app || return 1
	qemu_boot "memattr-$machine" "$machine" 256 "fw.test fw.log=debug" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/memattr.efi || return 1
	expect '^efi: image the image at 0x[0-9a-f]+: 6 sections mapped W\^X$' &&
		expect '^ok [0-9]+ - own code is read-only and executable' &&
		expect '^# Set\(EFI_MEMORY_UC\): Unsupported' &&
		expect '^ok [0-9]+ - one page inside a large one changes alone' &&
		expect '^ok [0-9]+ - freed and allocated again: the new type.s mapping' &&
		expect '^ok [0-9]+ - attributes table: its code RO' &&
		reject '^not ok' &&
		expect '^memattr: 32 checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect_exit 0
}
test_memprot_memattr_q35() { check_memattr q35; }
test_memprot_memattr_pc() { check_memattr pc; }

test_memprot_rwx_without_nx_compat() {
	memattr_app || return 1
	qemu_boot memprot-rwx q35 256 "fw.test fw.log=debug" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/stack.efi || return 1
	expect '^efi: image the image at 0x[0-9a-f]+: no NX_COMPAT: DllCharacteristics 0x0, mapped RWX$' &&
		expect '^stack: 1 checks, 0 failed' && expect_exit 0
}

# A NULL read in an image: the report says so and names the image and
# the section RIP is in.
test_memprot_null_in_image() {
	memattr_app || return 1
	qemu_boot memprot-null q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/memattr.efi \
		-fw_cfg name=opt/cloudhv/cmdline,string=null || return 1
	expect '^memattr: reading address 0' &&
		expect '^error: page fault: read at 0x0, page not present$' &&
		expect '^error: NULL pointer access$' &&
		expect '^error: RIP is in the image at 0x[0-9a-f]+ at \+0x[0-9a-f]+ \(section \.text\)$' &&
		expect_exit 5
}

# After ExitBootServices the memory the OS owns runs code on the
# firmware's page tables (GRUB 2.06's relocator does so from free
# memory): a free page and a boot-services data page, no-execute before.
test_memprot_exit_boot_services() {
	memattr_app || return 1
	qemu_boot memprot-ebs q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/memattr.efi \
		-fw_cfg name=opt/cloudhv/cmdline,string=ebs || return 1
	expect '^ok 1 - before ExitBootServices: free memory and boot-services data XP' &&
		expect '^ok [0-9]+ - after ExitBootServices: free memory runs code' &&
		expect '^ok [0-9]+ - after ExitBootServices: boot-services data runs code' &&
		reject '^not ok' &&
		expect '^memattr: 4 checks, 0 failed' &&
		expect '^efi: an image returned EFI_SUCCESS after ExitBootServices' &&
		expect_exit 0
}
