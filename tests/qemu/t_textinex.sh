# SimpleTextInputEx (tests/efi/textinex.c) with keys typed by the host over
# the serial line once the app asks for them: on cloudhv-fw (q35, the app
# through fw_cfg) and on OVMF (the app as \EFI\BOOT\BOOTX64.EFI on an ESP).
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh

TEXTINEX_PROMPT='textinex: type abc'

textinex_ok() {
	expect '^textinex: start' && reject '^not ok' &&
		expect '^textinex: [0-9]+ checks, 0 failed'
}

test_textinex_q35() {
	local name=textinex-q35 sock=$OUT/textinex-q35.sock
	efi_app textinex || return 1
	mkdir -p "$OUT"
	rm -f "$sock" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test" -serial "unix:$sock,server=on,wait=on" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/textinex.efi
	serial_type "$sock" "$OUT/$name.log" "$TEXTINEX_PROMPT" "abc" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	textinex_ok &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# OVMF has no test-mode power-off: stop it once the summary is out. Its
# serial output through a socket can lose bytes (seen: 22 bytes of one line
# gone, the next line glued to what was left), so the patterns here are not
# anchored to the start of a line, as in ovmf_run; the summary's failure
# count is the verdict.
test_textinex_ovmf() {
	local name=ovmf-textinex sock=$OUT/ovmf-textinex.sock typer rc
	ovmf_esp textinex "$name" || return 1
	rm -f "$sock"
	ovmf_qemu "$name" "unix:$sock,server=on,wait=on"
	serial_type "$sock" "$OUT/$name.log" "$TEXTINEX_PROMPT" "abc" &
	typer=$!
	ovmf_stop 'textinex: [0-9]+ checks, [0-9]+ failed'
	rc=$?
	wait "$typer" 2>/dev/null
	(( rc == 0 )) && expect 'textinex: start' && reject 'not ok [0-9]' &&
		expect 'textinex: [0-9]+ checks, 0 failed'
}
