# A real third-party EFI application: efitools' HelloWorld.efi (Debian
# efitools, unpacked by tests/qemu/payloads.sh). It draws a box with an OK
# button through SimpleTextOutput (cursor moves, attributes, box-drawing
# characters), waits for a key on ConIn's WaitForKey, and returns.

test_efitools_helloworld() {
	local name=efitools-hello sock=$OUT/efitools-hello.sock app
	app=$(tests/qemu/payloads.sh helloworld) || return 1
	mkdir -p "$OUT"
	rm -f "$sock" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test" -serial "unix:$sock,server=on,wait=on" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$app"
	serial_type "$sock" "$OUT/$name.log" "│ OK │" "" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	expect 'bootmgr: starting opt/cloudhv/app.efi' &&
		expect '┌────┐' && expect '│ OK │' &&
		expect 'bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' &&
		expect_exit 0
}
