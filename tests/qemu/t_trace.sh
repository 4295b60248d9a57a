# The EFI call trace (fw.log=trace, efi/trace/): one line per boot- and
# runtime-service call and per call into a protocol proxy, naming the
# calling image, with the arguments and the status, a failure marked. The
# test apps must pass as they do untraced (the proxies change nothing they
# can see), and without fw.log=trace no trace line appears.
# shellcheck source=/dev/null
source tests/qemu/t_storage.sh # st_disk, st_ro_disk, st_host_check
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

tr_app() { # tr_app NAME: build/efi/NAME.efi, built once
	[[ -f build/efi/$1.efi ]] || make --no-print-directory "build/efi/$1.efi" >/dev/null
}

# tr_count REGEX: how many lines of $LOG match.
tr_count() {
	log_text | grep -Ec -- "$1"
}

# The conformance app from fw_cfg: boot services with their arguments,
# failures marked, the varargs InstallMultiple, the RNG through its proxy,
# the app's text printed once (by the real ConOut) and traced once.
test_trace_conformance_q35() {
	local img='image@0x[0-9a-f]+' h='0x[0-9a-f]+' g8=12345678-1234-5678-0102-030405060708
	tr_app conformance || return 1
	qemu_boot trace-conf q35 256 "fw.test fw.log=trace" -device virtio-rng-pci \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/conformance.efi || return 1
	expect_exit 0 && reject '^not ok' &&
		expect '^conformance: 42 checks, 0 failed' &&
		expect '^efi: EFI call trace on \(fw\.log=trace\)$' &&
		expect "^trace: cloudhv-fw BS\\.LoadImage\\(FALSE, $h, NULL, $h, $h\\) = Success \\[$h $img\\]\$" &&
		expect "^trace: cloudhv-fw BS\\.StartImage\\($h $img\\) \\.\\.\\.\$" &&
		expect "^trace: $img BS\\.AllocatePages\\(AnyPages, LoaderData, 0x4\\) = Success \\[0x[0-9a-f]+000\\]\$" &&
		expect "^trace: $img BS\\.FreePages\\($h, 0x4\\) = Not Found  <-- FAILED\$" &&
		expect "^trace: $img BS\\.GetMemoryMap\\(0x0, NULL\\) = Buffer Too Small \\[need $h\\]  <-- FAILED\$" &&
		expect "^trace: $img BS\\.LocateProtocol\\($g8, NULL\\) = Not Found  <-- FAILED\$" &&
		expect "^trace: $img BS\\.InstallMultipleProtocolInterfaces\\(NULL, $g8, $h, 12345678-1234-5678-0102-030405060709, $h\\) = Success \\[$h\\]\$" &&
		expect "^trace: $img BS\\.HandleProtocol\\($h, LoadedImage\\) = Success \\[$h\\]\$" &&
		expect "^trace: $img RT\\.SetVariable\\(\"SecureBoot\", GlobalVariable, BS\\|RT, 0x1\\) = Write Protected  <-- FAILED\$" &&
		expect "^trace: $img BS\\.LocateProtocol\\(Rng, NULL\\) = Success \\[$h, traced\\]\$" &&
		expect "^trace: $img RNG\\.GetRNG\\(RngAlgorithmRaw, 32 bytes\\) = Success\$" &&
		expect "^trace: $img ConOut\\.OutputString\\(\"conformance: 42 checks, 0 failed\\\\r\\\\n\"\\) = Success\$" &&
		expect "^trace: $img BS\\.Exit\\($h $img, Success, 0x0, NULL\\) \\.\\.\\.\$" &&
		expect "^trace: cloudhv-fw BS\\.StartImage\\($h $img\\) = Success\$" || return 1
	local n
	n=$(tr_count '^conformance: 42 checks, 0 failed$')
	[[ $n == 1 ]] || { echo "    the app's summary line printed $n times"; return 1; }
}

# Without fw.log=trace (debug, the next level down) nothing is traced.
test_trace_off_q35() {
	tr_app conformance || return 1
	qemu_boot trace-off q35 256 "fw.test fw.log=debug" -device virtio-rng-pci \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/conformance.efi || return 1
	expect_exit 0 && expect '^conformance: 42 checks, 0 failed' &&
		reject '^trace: ' && reject 'EFI call trace on'
}

# storage.c through BlockIO, DiskIO, SimpleFS and File proxies: every
# check passes and the host finds what the app wrote; lines labelled with
# the device path or the file's path.
test_trace_storage_q35() {
	local img=$OUT/trace-st.img dp='PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x1F7DE\)'
	efi_app storage && st_ro_disk && st_disk "$img" || return 1
	qemu_boot trace-st q35 256 "fw.test fw.log=trace" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/storage.efi \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/st-ro.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d1 || return 1
	expect_exit 0 && reject '^not ok' &&
		expect '^storage: [0-9]+ checks, 0 failed' &&
		expect "^trace: image@0x[0-9a-f]+ SimpleFS\\($dp\\)\\.OpenVolume\\(\\) = Success \\[0x[0-9a-f]+\\]\$" &&
		expect "^trace: image@0x[0-9a-f]+ BlockIO\\($dp\\)\\.ReadBlocks\\(media 0, lba 0x0, 512 bytes, 0x[0-9a-f]+\\) = Success\$" &&
		expect "^trace: image@0x[0-9a-f]+ BlockIO\\($dp\\)\\.ReadBlocks\\(media 1, lba 0x0, 512 bytes, 0x[0-9a-f]+\\) = Media Changed  <-- FAILED\$" &&
		expect "^trace: image@0x[0-9a-f]+ DiskIO\\($dp\\)\\.ReadDisk\\(media 0, offset 0x1fe, 2 bytes, 0x[0-9a-f]+\\) = Success\$" &&
		expect '^trace: image@0x[0-9a-f]+ File\(\\\)\.Open\("HELLO\.TXT", Read, 0x0\) = Success$' &&
		expect '^trace: image@0x[0-9a-f]+ File\(\\HELLO\.TXT\)\.Read\(64 bytes, 0x[0-9a-f]+\) = Success \[14 bytes\]$' &&
		expect '^trace: image@0x[0-9a-f]+ File\(\\\)\.Open\("NOSUCH\.TXT", Read, 0x0\) = Not Found  <-- FAILED$' &&
		st_host_check "$img" $((2048 * 512))
}

# devpath.c as \EFI\BOOT\BOOTX64.EFI: the image is named after its file;
# the device path protocols (no This argument) work through their proxies;
# the boot manager's own calls are the firmware's.
test_trace_disk_image_q35() {
	local img=$OUT/trace-dp.img
	tr_app devpath || return 1
	tests/qemu/mkesp.sh "$img" --size 40 build/efi/devpath.efi:/EFI/BOOT/BOOTX64.EFI || return 1
	qemu_boot trace-dp q35 256 "fw.test fw.log=trace" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 || return 1
	expect_exit 0 && reject '^not ok' &&
		expect '^devpath: [0-9]+ checks, 0 failed' &&
		expect '^trace: cloudhv-fw BS\.LoadImage\(FALSE, 0x[0-9a-f]+, PcieRoot\(0x0\)/.*\\EFI\\BOOT\\BOOTX64\.EFI, NULL, 0x0\) = Success \[0x[0-9a-f]+ BOOTX64\.EFI\]$' &&
		expect '^trace: BOOTX64\.EFI BS\.HandleProtocol\(0x[0-9a-f]+, LoadedImage\) = Success \[0x[0-9a-f]+\]$' &&
		expect '^trace: BOOTX64\.EFI BS\.LocateProtocol\(DevicePathToText, NULL\) = Success \[0x[0-9a-f]+, traced\]$' &&
		expect '^trace: BOOTX64\.EFI DevicePathToText\.ConvertDevicePathToText\(0x[0-9a-f]+, 0, 0\) -> "PcieRoot\(0x0\)/' &&
		expect '^trace: BOOTX64\.EFI DevicePathUtilities\.GetDevicePathSize\(' &&
		expect '^trace: cloudhv-fw BS\.StartImage\(0x[0-9a-f]+ BOOTX64\.EFI\) = Success$'
}

# Apps that install protocols of their own (drivers: bindings, opens
# BY_DRIVER, Connect/Disconnect) and use events and timers: they get their
# own interfaces back, and pass as untraced.
test_trace_drivers_events_q35() {
	tr_app drivers && tr_app events || return 1
	qemu_boot trace-drv q35 256 "fw.test fw.log=trace" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/drivers.efi || return 1
	expect_exit 0 && reject '^not ok' && expect '^drivers: 46 checks, 0 failed' &&
		expect '^trace: image@0x[0-9a-f]+ BS\.ConnectController\(0x[0-9a-f]+, .*\) \.\.\.$' || return 1
	qemu_boot trace-ev q35 256 "fw.test fw.log=trace" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/events.efi || return 1
	expect_exit 0 && reject '^not ok' && expect '^events: [0-9]+ checks, 0 failed' &&
		expect '^trace: image@0x[0-9a-f]+ BS\.CreateEvent\(TIMER\|NOTIFY_SIGNAL, CALLBACK, 0x[0-9a-f]+, 0x[0-9a-f]+\) = Success \[0x[0-9a-f]+\]$'
}

# The Debian kernel's EFI stub, traced up to ExitBootServices; its initrd
# comes through the LoadFile2 proxy; nothing is traced after
# ExitBootServices (the kernel's runtime calls go to the real table), and
# the kernel reaches userspace as untraced.
test_trace_linux_q35() {
	local kernel initrd cmd="console=ttyS0 panic=-1" img='image@0x[0-9a-f]+'
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	linux_boot trace-linux q35 "fw.test fw.log=trace" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/initrd,file=$initrd" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=$cmd" || return 1
	expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		expect "^trace: $img BS\\.LocateDevicePath\\(LoadFile2, VenMedia\\(5568E427-68FC-4F3D-AC74-CA555231CC68\\)\\) = Success" &&
		expect "^trace: $img LoadFile2\\(VenMedia\\(5568E427-68FC-4F3D-AC74-CA555231CC68\\)\\)\\.LoadFile\\(.*\\) = Success \\[[0-9]+ bytes\\]\$" &&
		expect "^trace: $img BS\\.GetMemoryMap\\(.*\\) = Success \\[[0-9]+ entries of 48 bytes, key 0x[0-9a-f]+\\]\$" &&
		expect "^trace: $img BS\\.ExitBootServices\\(0x[0-9a-f]+, 0x[0-9a-f]+\\) = Success\$" &&
		linux_ok q35 0 || return 1
	# The EBS line is the last trace line.
	local last
	last=$(log_text | grep '^trace: ' | tail -1)
	[[ $last =~ BS\.ExitBootServices\(.*\)\ =\ Success$ ]] ||
		{ echo "    traced after ExitBootServices: $last"; return 1; }
}

# Keys typed over serial through the ConIn and ConInEx proxies
# (tests/efi/textinex.c): WaitForKeyEx is the real event, notifications
# registered through the proxy run.
test_trace_textinex_q35() {
	local name=trace-textinex sock=$OUT/trace-textinex.sock
	tr_app textinex || return 1
	rm -f "$sock" "$OUT/$name.log"
	qemu_bg "$name" q35 "fw.test fw.log=trace" -serial "unix:$sock,server=on,wait=on" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/textinex.efi
	serial_type "$sock" "$OUT/$name.log" 'textinex: type abc' "abc" || { qemu_wait; return 1; }
	qemu_wait
	LOG=$OUT/$name.log
	expect_exit 0 && reject '^not ok' && expect '^textinex: [0-9]+ checks, 0 failed' &&
		expect '^trace: image@0x[0-9a-f]+ ConInEx\.RegisterKeyNotify\(scan 0x0, "b", 0x[0-9a-f]+\) = Success \[0x[0-9a-f]+\]$' &&
		expect '^trace: image@0x[0-9a-f]+ ConInEx\.ReadKeyStrokeEx\(\) = Success \[scan 0x0, "a"\]$'
}
