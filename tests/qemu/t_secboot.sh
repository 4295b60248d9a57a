# Secure Boot (issue 14) with our own keys, made at test time
# (tests/qemu/mksecboot.sh: openssl, efitools, sbsign) and embedded by
# scripts/enroll-keys. One boot per machine, three disks in PCI order:
# an unsigned BOOTX64.EFI (EFI_SECURITY_VIOLATION: loaded, never started)
# and one signed by an outsider (EFI_ACCESS_DENIED: not loaded) are refused
# and the boot manager moves on; the third, signed
# by a db key, is tests/efi/secboot.c, which checks from inside: the modes
# (User Mode), images revoked by hash and by certificate in dbx, unsigned
# and unknown-signer images by path and from a buffer, an unsigned image
# admitted by its hash in db, db updated at run time by a KEK-signed
# APPEND (an outsider's refused) admitting a newly signed image, and PK
# deletion returning to Setup Mode. A firmware without keys still boots
# unsigned images (every other QEMU test).

SB_DIR=$OUT/secboot

sb_prepare() {
	# Both machines' tests may run at once: one makes, the other waits.
	(
		flock 9
		[[ -f $SB_DIR/made && $SB_DIR/made -nt $FW ]] ||
			tests/qemu/mksecboot.sh "$SB_DIR" || exit 1
	) 9>"$OUT/secboot.lock"
}

sb_boot() { # sb_boot NAME MACHINE (pc, q35, or chv: Cloud-Hypervisor-like)
	local name=$1 machine=$2 args=() i
	sb_prepare || return 1
	for i in 0 1 2; do
		args+=(-drive "if=none,id=d$i,file=$SB_DIR/d$i.img,format=raw,snapshot=on"
			-device "virtio-blk-pci,drive=d$i")
	done
	if [[ $machine == chv ]]; then
		# shellcheck source=tests/qemu/linux_lib.sh
		source tests/qemu/linux_lib.sh
		FW=$SB_DIR/fw.elf LINUX_TIMEOUT=$QEMU_TIMEOUT linux_boot "$name" chv "fw.test" "${args[@]}"
	else
		FW=$SB_DIR/fw.elf qemu_boot "$name" "$machine" 256 "fw.test" "${args[@]}"
	fi
	local sbp='PcieRoot|PciRoot'
	expect_ok_exit &&
		expect '^efi: Secure Boot: keys from the firmware file, User Mode, enforced' &&
		expect "^error: secboot: ($sbp).*Pci\(0x[0-9a-f]+,0x0\).*BOOTX64.EFI: refused: not signed \(EFI_SECURITY_VIOLATION\)" &&
		expect 'bootmgr: .*BOOTX64.EFI: refused by Secure Boot \(EFI_SECURITY_VIOLATION\), trying the next option' &&
		expect 'secboot: .*BOOTX64.EFI: refused: signature by a key not in db \(EFI_ACCESS_DENIED\)' &&
		expect 'bootmgr: .*BOOTX64.EFI: refused by Secure Boot \(EFI_ACCESS_DENIED\), trying the next option' &&
		expect 'secboot: .*BOOTX64.EFI: admitted \(signed by a key in db\)' &&
		expect '^secboot: SecureBoot=1 SetupMode=0 AuditMode=0 DeployedMode=0$' &&
		expect '^secboot: load \\SB\\SIGNED.EFI: Success' &&
		expect 'SB.UNSIGNED.EFI: refused: not signed' &&
		expect '^secboot: load \\SB\\UNSIGNED.EFI: Security Policy Violation' &&
		expect '^secboot: load \\SB\\UNSIGNED.EFI: handle set' &&
		expect '^secboot: start \\SB\\UNSIGNED.EFI: Security Policy Violation' &&
		expect '^secboot: load \\SB\\OTHER.EFI: Access Denied' &&
		expect '^secboot: load \\SB\\OTHER.EFI: handle NULL' &&
		expect 'SB.HASHX.EFI: refused: hash in dbx' &&
		expect '^secboot: load \\SB\\HASHX.EFI: Access Denied' &&
		expect 'SB.CERTX.EFI: refused: certificate in dbx' &&
		expect '^secboot: load \\SB\\CERTX.EFI: Access Denied' &&
		expect '^secboot: load \\SB\\CERTX.EFI: handle NULL' &&
		expect 'SB.BYHASH.EFI: admitted \(hash in db\)' &&
		expect '^secboot: load \\SB\\BYHASH.EFI: Success' &&
		expect 'secboot: an image from a buffer: refused: not signed' &&
		expect '^secboot: load-buffer \\SB\\UNSIGNED.EFI: Security Policy Violation' &&
		expect '^secboot: load-buffer \\SB\\SIGNED.EFI: Success' &&
		expect '^secboot: setvar db \\SB\\DBOTHER.AUT: Security Policy Violation' &&
		expect '^secboot: setvar db \\SB\\DBNEW.AUT: Success' &&
		expect '^secboot: setvar PK \\SB\\PKDEL.AUT: Success' &&
		expect '^secboot: SecureBoot=0 SetupMode=1 AuditMode=0 DeployedMode=0$' &&
		expect '^secboot: done' || return 1
	# NEW.EFI: refused before the db update, admitted after it; the
	# unsigned image: refused in User Mode, loaded in Setup Mode.
	local new unsigned
	new=$(log_text | grep -E '^secboot: load \\SB\\NEW.EFI: ' | grep -v ': handle ' | cut -d' ' -f4- | tr '\n' '|')
	unsigned=$(log_text | grep -E '^secboot: load \\SB\\UNSIGNED.EFI: ' | grep -v ': handle ' | cut -d' ' -f4- | tr '\n' '|')
	[[ $new == 'Access Denied|Success|' ]] ||
		{ echo "    NEW.EFI loads: $new"; return 1; }
	[[ $unsigned == 'Security Policy Violation|Success|' ]] ||
		{ echo "    UNSIGNED.EFI loads: $unsigned"; return 1; }
}

test_secboot_pc() { sb_boot secboot-pc pc; }
test_secboot_q35() { sb_boot secboot-q35 q35; }
test_secboot_chv() { sb_boot secboot-chv chv; }

# The shell's setvar/dmpstore on the same keys (no boot image: the shell
# starts): PK listed as authenticated, an outsider's db update refused, a
# KEK-signed APPEND from a file taken (db grows by exactly new.esl), a
# private time-based variable created by one key, an update by another
# refused and one by the first taken (§8.2.3), PK deleted (Setup Mode).
test_secboot_shell_q35() {
	local name=secboot-shell script=$OUT/secboot-shell.txt g mine
	g=d719b2cb-3d3a-4596-a3bc-dad00e67656f
	mine=11111111-2222-3333-4444-555555555555 # secboot_vectors.sh's owner
	sb_prepare || return 1
	# shellcheck source=tests/qemu/t_shell.sh
	source tests/qemu/t_shell.sh # sh_session
	cat >"$script" <<SCRIPT
dmpstore PK
setvar db -guid $g -nv -bs -rt -at -append =@SB\\DBOTHER.AUT
setvar db -guid $g -nv -bs -rt -at -append =@SB\\DBNEW.AUT
dmpstore db
setvar Mine -guid $mine -nv -bs -rt -at =@SB\\MINEA.AUT
setvar Mine -guid $mine -nv -bs -rt -at =@SB\\MINEB.AUT
setvar Mine -guid $mine -nv -bs -rt -at =@SB\\MINEA2.AUT
dmpstore Mine
setvar PK -nv -bs -rt -at =@SB\\PKDEL.AUT
dmpstore SetupMode
reset -s
SCRIPT
	FW=$SB_DIR/fw.elf sh_session "$name" q35 "$script" serial \
		-drive "if=none,id=d0,file=$SB_DIR/d3.img,format=raw,snapshot=on" \
		-device virtio-blk-pci,drive=d0
	local pk db
	pk=$(printf '0x%x' "$(stat -c %s "$SB_DIR/PK.esl")")
	db=$(printf '0x%x' "$(stat -c %s "$SB_DIR/db-after.esl")")
	expect_ok_exit &&
		expect "^Variable NV\+RT\+BS\+AT '8be4df61-93ca-11d2-aa0d-00e098032b8c:PK' DataSize = $pk\$" &&
		expect '^setvar db: EFI_SECURITY_VIOLATION$' &&
		expect '^setvar db: EFI_SUCCESS$' &&
		expect "^Variable NV\+RT\+BS\+AT '$g:db' DataSize = $db\$" &&
		[[ $(log_text | grep -E '^setvar Mine: ' | tr '\n' '|') == \
			'setvar Mine: EFI_SUCCESS|setvar Mine: EFI_SECURITY_VIOLATION|setvar Mine: EFI_SUCCESS|' ]] &&
		expect "^Variable NV\+RT\+BS\+AT '$mine:Mine' DataSize = 0x6\$" &&
		expect '^setvar PK: EFI_SUCCESS$' &&
		expect "^Variable RT\+BS '8be4df61-93ca-11d2-aa0d-00e098032b8c:SetupMode' DataSize = 0x1\$" &&
		expect '^  0000: 01 '
}

# Authenticated writes after ExitBootServices and SetVirtualAddressMap:
# tests/efi/runtime.c (tests/efi/runtime_sb.c) on a firmware without keys
# enrolls PK in Setup Mode, then KEK signed by PK (an outsider's refused),
# with the PKCS#7 verification running in the moved runtime region.
test_secboot_runtime_virtual_q35() {
	sb_prepare && efi_app runtime || return 1
	qemu_boot secboot-runtime q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/runtime.efi \
		-drive "if=none,id=d0,file=$SB_DIR/d4.img,format=raw,snapshot=on" \
		-device virtio-blk-pci,drive=d0
	expect '^efi: Secure Boot: no platform key, Setup Mode' &&
		expect '^ok [0-9]+ - SetVirtualAddressMap$' &&
		expect '^ok [0-9]+ - SetVariable\(PK\) in Setup Mode, in virtual mode$' &&
		expect '^ok [0-9]+ - SetupMode is 0 once PK is enrolled, in virtual mode$' &&
		expect '^ok [0-9]+ - SetVariable\(KEK\) signed by an outsider is SECURITY_VIOLATION, in virtual mode$' &&
		expect '^ok [0-9]+ - SetVariable\(KEK\) signed by PK, in virtual mode$' &&
		reject '^not ok' &&
		expect '^runtime: [0-9]+ checks, 0 failed' &&
		expect_exit 0
}

# scripts/enroll-keys refuses what the firmware would refuse, with a clear
# line, and writes nothing then; an accepted copy differs from the input
# only inside .sbkeys (no QEMU: host only).
test_secboot_enroll_keys() {
	sb_prepare || return 1
	local d=$SB_DIR k=$OUT/enroll-keys off size
	mkdir -p "$k"
	rm -f "$k"/*
	# fails MESSAGE-REGEX ARGS...: exit 1, the message, no output file
	fails() {
		local want=$1
		shift
		if scripts/enroll-keys build/cloudhv-fw.elf "$k/out.elf" "$@" 2>"$k/err"; then
			echo "    enroll-keys accepted: $*"; return 1
		fi
		grep -Eq -- "$want" "$k/err" || { echo "    enroll-keys said: $(cat "$k/err")"; return 1; }
		[[ ! -e $k/out.elf ]] || { echo "    enroll-keys wrote a file for: $*"; return 1; }
	}
	cat "$d/PK.esl" "$d/KEK.esl" >"$k/two.esl"
	head -c 100 "$d/db.esl" >"$k/cut.esl"
	for _ in $(seq 80); do cat "$d/db.esl"; done >"$k/big.esl"
	fails 'exactly one certificate \(2 found\)' --pk "$k/two.esl" --kek "$d/KEK.esl" --db "$d/db.esl" &&
		fails 'out of bounds' --pk "$d/PK.esl" --kek "$d/KEK.esl" --db "$k/cut.esl" &&
		fails 'inconsistent|unknown' --pk "$d/PK.esl" --kek "$d/KEK.auth" --db "$d/db.esl" &&
		fails 'the keys need [0-9]+ bytes; the .sbkeys section holds 65536' \
			--pk "$d/PK.esl" --kek "$d/KEK.esl" --db "$k/big.esl" &&
		fails 'holds no signature' --pk "$d/PK.esl" --kek "$d/empty.esl" --db "$d/db.esl" || return 1
	scripts/enroll-keys build/cloudhv-fw.elf "$k/ok.elf" --pk "$d/PK.esl" \
		--kek "$d/KEK.esl" --db "$d/db.esl" >/dev/null || return 1
	read -r off size < <(readelf -SW build/cloudhv-fw.elf |
		awk '{ for (i = 1; i < NF; i++) if ($i == ".sbkeys") print $(i + 3), $(i + 4) }')
	[[ -n $off ]] || { echo "    no .sbkeys section"; return 1; }
	off=$((16#$off)) size=$((16#$size))
	if ! cmp -s <(head -c "$off" build/cloudhv-fw.elf) <(head -c "$off" "$k/ok.elf") ||
		! cmp -s <(tail -c +$((off + size + 1)) build/cloudhv-fw.elf) \
			<(tail -c +$((off + size + 1)) "$k/ok.elf"); then
		echo "    the copy differs outside .sbkeys"; return 1
	fi
	[[ $(head -c $((off + 8)) "$k/ok.elf" | tail -c 8) == CHVSBKEY ]] ||
		{ echo "    no header at the section's start"; return 1; }
}

# Keys the firmware cannot use (a list misframed in .sbkeys): one clear
# line, no keys at all, Setup Mode, and the unsigned image boots.
test_secboot_bad_keys_q35() {
	sb_prepare || return 1
	FW=$SB_DIR/fw-bad.elf qemu_boot secboot-bad q35 256 "fw.test" \
		-drive "if=none,id=d0,file=$SB_DIR/d0.img,format=raw,snapshot=on" \
		-device virtio-blk-pci,drive=d0
	expect_ok_exit &&
		expect '^error: efi: Secure Boot: the embedded keys are malformed \(corrupt data\): ignored$' &&
		expect '^efi: Secure Boot: no platform key, Setup Mode$' &&
		expect '^args: from=.*BOOTX64.EFI options=\[\]' &&
		reject 'refused'
}
