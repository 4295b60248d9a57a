# EFI events, timers and TPL notification: tests/efi/events.c runs from
# fw_cfg (opt/cloudhv/app.efi), as tests/qemu/t_efi.sh runs conformance.

check_events() {
	local machine=$1
	efi_app events || return 1
	qemu_boot "efi-events-$machine" "$machine" 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/events.efi || return 1
	expect '^bootmgr: starting opt/cloudhv/app.efi' &&
		expect '^events: start' &&
		reject '^not ok' &&
		expect '^events: [0-9]+ checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

test_efi_events_q35() { check_events q35; }
test_efi_events_pc() { check_events pc; }

# ExitBootServices signals its group once, on success only; event services
# refuse afterwards. The firmware then still reaches "ready" (its own log
# does not need boot services).
test_efi_events_exit_boot_services() {
	efi_app events_ebs || return 1
	qemu_boot efi-events-ebs q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/events_ebs.efi || return 1
	expect '^events-ebs: start' &&
		reject '^not ok' &&
		expect '^events-ebs: [0-9]+ checks, 0 failed' &&
		expect '^efi: an image returned EFI_SUCCESS after ExitBootServices: nothing more can run' &&
		reject '^bootmgr: opt/cloudhv/app.efi returned' && expect_exit 0
}

# RegisterProtocolNotify and its registration key (tests/efi/notify.c).
test_efi_notify_q35() {
	qemu_boot efi-notify q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/notify.efi
	expect_ok_exit &&
		expect '^notify: 16 checks, 0 failed' &&
		reject '^not ok'
}
