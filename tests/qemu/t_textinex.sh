# SimpleTextInputEx (tests/efi/textinex.c) with keys typed by the host over
# the serial line once the app asks for them: on cloudhv-fw (q35, the app
# through fw_cfg) and on OVMF (the app as \EFI\BOOT\BOOTX64.EFI on an ESP).
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh

TEXTINEX_PROMPT='textinex: type abc'

textinex_app() {
	[[ -f build/efi/textinex.efi ]] ||
		make --no-print-directory build/efi/textinex.efi >/dev/null
}

textinex_ok() {
	expect '^textinex: start' && reject '^not ok' &&
		expect '^textinex: [0-9]+ checks, 0 failed'
}

test_textinex_q35() {
	local name=textinex-q35 sock=$OUT/textinex-q35.sock
	textinex_app || return 1
	mkdir -p "$OUT"
	rm -f "$sock" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test" -serial "unix:$sock,server=on,wait=on" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/textinex.efi
	serial_type "$sock" "$OUT/$name.log" "$TEXTINEX_PROMPT" "abc" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	textinex_ok &&
		expect '^efi: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# OVMF has no test-mode power-off: stop it once the summary is out. Its
# serial output through a socket can lose bytes (seen: 22 bytes of one line
# gone, the next line glued to what was left), so the patterns here are not
# anchored to the start of a line, as in ovmf_run; the summary's failure
# count is the verdict.
test_textinex_ovmf() {
	local name=ovmf-textinex sock=$OUT/ovmf-textinex.sock esp=$OUT/ovmf-textinex.img typer
	[[ -r $OVMF_CODE ]] || { echo "    no $OVMF_CODE (apt-get install ovmf)"; return 1; }
	textinex_app || return 1
	mkdir -p "$OUT"
	rm -f "$sock" "$esp" "$OUT/$name.log"
	truncate -s 16M "$esp"
	mkfs.fat -F 16 "$esp" >/dev/null &&
		MTOOLS_SKIP_CHECK=1 mmd -i "$esp" ::/EFI ::/EFI/BOOT &&
		MTOOLS_SKIP_CHECK=1 mcopy -i "$esp" build/efi/textinex.efi ::/EFI/BOOT/BOOTX64.EFI || return 1
	cp "$OVMF_VARS" "$OUT/$name.vars"
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU" -M q35 -m 512 -display none -nodefaults \
		-serial "unix:$sock,server=on,wait=on" -no-reboot \
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$OUT/$name.vars" \
		-drive "file=$esp,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0 \
		>"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
	serial_type "$sock" "$OUT/$name.log" "$TEXTINEX_PROMPT" "abc" &
	typer=$!
	LOG=$OUT/$name.log
	wait_for 'textinex: [0-9]+ checks, [0-9]+ failed' 60
	local rc=$?
	kill "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	wait "$typer" 2>/dev/null
	(( rc == 0 )) && expect 'textinex: start' && reject 'not ok [0-9]' &&
		expect 'textinex: [0-9]+ checks, 0 failed'
}
