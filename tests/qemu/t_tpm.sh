# Measured boot (README "Measured boot"): the TPM 2.0 CRB driver, the
# TCG2 protocol and the event log, with swtpm behind QEMU's tpm-crb. The
# firmware is entered through qboot (-bios qboot.rom): SeaBIOS would
# start the TPM and extend PCRs 0-7 itself. Apps and kernels come through
# fw_cfg (no disk: under qboot nothing assigned PCI BARs before us).
# shellcheck source=tests/qemu/swtpm.sh
source tests/qemu/swtpm.sh
# shellcheck source=tests/qemu/linux_lib.sh
source tests/qemu/linux_lib.sh

TPM_FOUND_RE='^tpm: TPM 2\.0 CRB at 0xfed40000 \(ACPI TPM2\), vendor 1014:0000, manufacturer 0x49424d00, banks: sha1 sha256'
TCG2_RE='^tcg2: TCG2 protocol installed, event log of 64 KiB, PCRs 0 and 7 measured'

# tests/efi/tcg2.c through every protocol function, on the machine given.
tpm_app() {
	local name=tpm-app-$1
	efi_app tcg2 || return 1
	swtpm_start "$name" || return 1
	trap swtpm_stop RETURN
	qemu_boot "$name" "$1" 256 "fw.test" "${QBOOT[@]}" "${TPM_ARGS[@]}" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tcg2.efi || return 1
	expect "$TPM_FOUND_RE" && expect "$TCG2_RE" &&
		expect '^tcg2: start' && reject '^not ok' &&
		expect '^ok [0-9]+ - PCR 8 equals the replay of the record' &&
		expect '^# PCR 7: 6 events, 0 authority, SecureBoot=0$' &&
		expect '^tcg2: 2[0-9] checks, 0 failed' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}
test_tpm_app_q35() { tpm_app q35; }
# QEMU's tpm-crb is an ISA-less sysbus device: it works on pc too.
test_tpm_app_pc() { tpm_app pc; }

# No TPM: one line, nothing installed, the app finds no protocol.
test_tpm_none_q35() {
	efi_app tcg2 || return 1
	qemu_boot tpm-none q35 256 "fw.test" "${QBOOT[@]}" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tcg2.efi || return 1
	expect '^tpm: none \(no CRB interface at 0xfed40000\)$' &&
		[[ $(log_text | grep -c '^tpm') == 1 ]] && reject '^tcg2:  *TCG2' &&
		expect '^# no TCG2 protocol' && expect '^tcg2: 0 checks, 0 failed' &&
		expect_exit 0
}

# swtpm gone before the firmware's first command (QEMU started paused,
# swtpm killed, then run): QEMU's tpm-crb raises the interface's fatal
# error bit; clear errors, no protocol, the boot goes on.
test_tpm_failing_q35() {
	local name=tpm-failing i
	efi_app tcg2 || return 1
	swtpm_start "$name" || return 1
	trap swtpm_stop RETURN
	qemu_start "$name" q35 256 "fw.test" -no-reboot -S "${QBOOT[@]}" \
		"${TPM_ARGS[@]}" -fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tcg2.efi
	# QEMU has set up the TPM (its INIT to swtpm) once its monitor answers.
	for ((i = 0; i < 300; i++)); do
		monitor "info status" >/dev/null 2>&1 && break
		sleep 0.1
	done
	swtpm_stop
	monitor cont >/dev/null || return 1
	qemu_wait
	expect '^error: tpm: command 0x144: the TPM reports a fatal error \(CTRL_STS 0x1\)$' &&
		expect '^error: tpm: TPM at 0xfed40000 not usable \(I/O error\): booting without measurements$' &&
		reject '^tcg2:  *TCG2' && expect '^# no TCG2 protocol' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# A Linux payload with the TPM: userspace reads the log and the PCRs; the
# host replays the log (tests/qemu/tpm_replay.py) and tpm2_eventlog
# decodes it. $1 name, $2 profile (q35 entered through qboot; chv does so
# itself), then more QEMU arguments.
tpm_linux() {
	local name=$1 profile=$2 bios=()
	shift 2
	[[ $profile == chv ]] || bios=("${QBOOT[@]}")
	swtpm_start "$name" || return 1
	trap swtpm_stop RETURN
	linux_boot "$name" "$profile" "fw.test" "${bios[@]}" "${TPM_ARGS[@]}" "$@" ||
		return 1
	expect "$TPM_FOUND_RE" && expect "$TCG2_RE" &&
		expect '^\[ *[0-9.]+\] efi: .*TPMFinalLog=0x[0-9a-f]+ .*TPMEventLog=0x[0-9a-f]+' &&
		expect '^cloudhv-test: tpm event log bytes: [1-9]' &&
		linux_userspace_ok || return 1
	python3 tests/qemu/tpm_replay.py "$LOG" "$OUT/$name.bin" >"$OUT/$name.replay" ||
		{ cat "$OUT/$name.replay"; return 1; }
	grep -q '^replay: 14 PCRs, 0 mismatched' "$OUT/$name.replay" || return 1
	tpm2_eventlog "$OUT/$name.bin" >"$OUT/$name.eventlog" 2>&1 ||
		{ echo "    tpm2_eventlog cannot decode $OUT/$name.bin"; return 1; }
	grep -q 'Calling EFI Application from Boot Option' "$OUT/$name.eventlog" &&
		grep -q 'EV_EFI_BOOT_SERVICES_APPLICATION' "$OUT/$name.eventlog" &&
		grep -q 'Exit Boot Services Returned with Success' "$OUT/$name.eventlog"
}

# The kernel's EFI stub from fw_cfg; it measured the initrd into PCR 9.
tpm_linux_stub() {
	local name=tpm-linux-stub-$1 kernel initrd cmd
	cmd="$(linux_console "$1") panic=-1"
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tpm_linux "$name" "$1" -fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/initrd,file=$initrd" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=$cmd" || return 1
	grep -qE '^replay: PCR 9: [1-9][0-9]* events, ok' "$OUT/$name.replay"
}
test_tpm_linux_stub_q35() { tpm_linux_stub q35; }
test_tpm_linux_stub_chv() { tpm_linux_stub chv; }

# A UKI (systemd-stub measures its sections into PCR 11): from fw_cfg,
# and as BOOTX64.EFI on a GPT disk, whose GPT goes into PCR 5 before the
# image (EV_EFI_GPT_EVENT).
tpm_uki() {
	local name=tpm-uki-$1-$2 kernel initrd
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkuki.sh "$OUT/$name.efi" "$kernel" "$initrd" \
		"$(linux_console "$1") panic=-1" || return 1
	if [[ $2 == disk ]]; then
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
			"$OUT/$name.efi:/EFI/BOOT/BOOTX64.EFI" || return 1
		tpm_linux "$name" "$1" -drive "if=none,id=d0,file=$OUT/$name.img,format=raw" \
			-device virtio-blk-pci,drive=d0 || return 1
		grep -q 'EV_EFI_GPT_EVENT' "$OUT/$name.eventlog" &&
			grep -qE '^replay: PCR 5: 4 events, ok' "$OUT/$name.replay" || return 1
	else
		tpm_linux "$name" "$1" -fw_cfg "name=opt/cloudhv/app.efi,file=$OUT/$name.efi" ||
			return 1
	fi
	grep -qE '^replay: PCR 11: [1-9][0-9]* events, ok' "$OUT/$name.replay"
}
test_tpm_uki_q35() { tpm_uki q35 fwcfg; }
test_tpm_uki_disk_q35() { tpm_uki q35 disk; }
test_tpm_uki_disk_chv() { tpm_uki chv disk; }

# The same app on OVMF (Debian's build has TPM 2.0 support), which keeps
# its checks faithful to the specification.
test_tpm_ovmf() {
	# shellcheck source=tests/qemu/t_ovmf.sh
	source tests/qemu/t_ovmf.sh
	local name=ovmf-tcg2 rc
	ovmf_esp tcg2 "$name" && swtpm_start tpm-ovmf || return 1
	trap swtpm_stop RETURN
	# OVMF's PEI hashes its firmware volumes into PCR 0 in every bank:
	# minutes under TCG on a loaded machine, not seconds.
	QEMU_TIMEOUT=300 ovmf_qemu "$name" "file:$OUT/$name.log" "${TPM_ARGS[@]}"
	wait_for 'tcg2: [0-9]+ checks, [0-9]+ failed' 280
	rc=$?
	kill "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	((rc == 0)) && reject '^not ok' && expect '^tcg2: 2[0-9] checks, 0 failed'
}

# Through SeaBIOS (QEMU's default BIOS), which starts the TPM and extends
# PCRs 0-7 itself: our TPM2_Startup gets TPM_RC_INITIALIZE, which is
# accepted, and the protocol still works (PCRs 0-7 cannot replay here).
test_tpm_seabios_q35() {
	efi_app tcg2 || return 1
	swtpm_start tpm-seabios || return 1
	trap swtpm_stop RETURN
	qemu_boot tpm-seabios q35 256 "fw.test" "${TPM_ARGS[@]}" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tcg2.efi || return 1
	expect '^tpm: already started \(by a BIOS before us\)$' &&
		expect "$TPM_FOUND_RE" && expect "$TCG2_RE" && reject '^not ok' &&
		expect '^tcg2: 2[0-9] checks, 0 failed' && expect_exit 0
}

# swtpm killed mid-boot, once the protocol is installed: the next
# PCR_Extend fails with a clear error, measurements stop, Linux boots.
test_tpm_killed_midboot_q35() {
	local name=tpm-killed kernel initrd cmd="console=ttyS0 panic=-1"
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	swtpm_start "$name" || return 1
	rm -f "$OUT/$name.log"
	linux_boot "$name" q35 "fw.test" "${QBOOT[@]}" "${TPM_ARGS[@]}" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/initrd,file=$initrd" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=$cmd" &
	local qemu=$! i
	# (set after the fork: the background boot must not inherit it)
	trap swtpm_stop RETURN
	for ((i = 0; i < 600; i++)); do
		grep -aq '^tcg2: TCG2 protocol installed' "$OUT/$name.log" 2>/dev/null && break
		sleep 0.05
	done
	swtpm_stop
	wait "$qemu"
	LOG=$OUT/$name.log RC=$(cat "$OUT/$name.rc")
	expect "$TCG2_RE" &&
		expect '^error: tpm: command 0x182: the TPM reports a fatal error' &&
		expect '^error: tpm: PCR_Extend\([0-9]+\) failed \(I/O error\): no more measurements this boot$' &&
		[[ $(log_text | grep -c 'PCR_Extend(') == 1 ]] &&
		expect '^cloudhv-test: userspace reached' && expect_exit 0
}

# Secure Boot enforced (keys of tests/qemu/mksecboot.sh embedded) and the
# TCG2 app signed by db, from a disk: PCR 7 holds SecureBoot=1, the
# policy, the separator and the db entry that admitted the app
# (EV_EFI_VARIABLE_AUTHORITY), as the app reads them from the log.
test_tpm_secboot_q35() {
	# shellcheck source=tests/qemu/t_secboot.sh
	source tests/qemu/t_secboot.sh
	local name=tpm-secboot
	sb_prepare && efi_app tcg2 || return 1
	sbsign --key "$SB_DIR/db.key" --cert "$SB_DIR/db.crt" --output "$OUT/$name.efi" \
		build/efi/tcg2.efi 2>/dev/null &&
		tests/qemu/mkesp.sh "$OUT/$name.img" --size 40 \
			"$OUT/$name.efi:/EFI/BOOT/BOOTX64.EFI" || return 1
	swtpm_start "$name" || return 1
	trap swtpm_stop RETURN
	FW=$SB_DIR/fw.elf qemu_boot "$name" q35 256 "fw.test" "${QBOOT[@]}" "${TPM_ARGS[@]}" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" \
		-device virtio-blk-pci,drive=d0 || return 1
	expect 'secboot: .*BOOTX64.EFI: admitted \(signed by a key in db\)' &&
		expect '^# PCR 7: 7 events, 1 authority, SecureBoot=1$' &&
		reject '^not ok' && expect '^tcg2: 2[0-9] checks, 0 failed' && expect_exit 0
}

# shim and GRUB from a disk: shim measures GRUB (PE_COFF_IMAGE) and its
# MOK state through our protocol and logs no TPM failure; the boot
# reaches userspace. (Debian's GRUB starts the kernel without its EFI
# stub's TPM code, so Linux gets no TPMEventLog to replay here: the
# replay is the stub and UKI tests' business.)
test_tpm_shim_grub_q35() {
	# shellcheck source=tests/qemu/t_grub.sh
	source tests/qemu/t_grub.sh
	local name=tpm-shim-grub
	grub_disk "$name" q35 shim || return 1
	swtpm_start "$name" || return 1
	trap swtpm_stop RETURN
	linux_boot "$name" q35 "fw.test" "${QBOOT[@]}" "${TPM_ARGS[@]}" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" \
		-device virtio-blk-pci,drive=d0 || return 1
	expect "$TCG2_RE" && expect 'Welcome to GRUB!' &&
		expect '^\[ *[0-9.]+\] efi: .*TPMFinalLog=0x[0-9a-f]+' &&
		reject 'TPM logging failed|[Uu]nable to log|tcg2: .*not measured' &&
		expect '^cloudhv-test: efivarfs Mok variables: [1-9]' &&
		linux_userspace_ok
}

# systemd-boot with a Boot Loader Specification entry: it measures the
# entry's kernel command line into PCR 12 through our protocol, loads the
# kernel with LoadImage (PCR 4), and the log Linux gets still replays.
test_tpm_systemd_boot_q35() {
	local name=tpm-sdboot-q35 kernel initrd
	local sdboot=build/payloads/systemd-boot-efi/usr/lib/systemd/boot/efi/systemd-bootx64.efi
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/payloads.sh ukistub >/dev/null || return 1
	tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 "$sdboot:/EFI/BOOT/BOOTX64.EFI" \
		"$kernel:/vmlinuz" "$initrd:/initrd.img" \
		--text '/loader/loader.conf=default debian.conf\ntimeout 0\n' \
		--text "/loader/entries/debian.conf=title Debian (cloudhv-fw test)\\nlinux /vmlinuz\\ninitrd /initrd.img\\noptions $(linux_console q35) panic=-1\\n" || return 1
	tpm_linux "$name" q35 -drive "if=none,id=d0,file=$OUT/$name.img,format=raw" \
		-device virtio-blk-pci,drive=d0 || return 1
	grep -qE '^replay: PCR 12: [1-9][0-9]* events, ok' "$OUT/$name.replay" &&
		grep -qE '^replay: PCR 4: [4-9] events, ok' "$OUT/$name.replay"
}
