# Secure Boot with what people really boot (issue 14, "real chain"):
# Debian's shim-signed (signed by Microsoft's UEFI CA 2011) loads
# grub-efi-amd64-signed (signed by Debian's Secure Boot CA, which shim
# embeds), which loads the Debian-signed kernel to the userspace marker.
# The keys are the ones Debian's OVMF_VARS_4M.ms.fd enrolls (PK Debian's,
# KEK Debian's and Microsoft's KEK CA 2011, db Microsoft's Windows PCA
# 2011 and UEFI CA 2011, dbx one hash), taken out of that file at test
# time (tests/qemu/ovmf_vars.py) and embedded in a copy of our firmware
# with scripts/enroll-keys. The same disk then boots on OVMF's Secure
# Boot build with a copy of that very variable store, so our behaviour is
# checked against the reference:
#   sbchain_keys           the store parses, its db holds the UEFI CA, the
#                          payloads carry the signatures the chain relies on;
#                          a damaged store is refused with a message
#   sbchain_{pc,q35,chv}   (a) shim -> GRUB -> kernel in User Mode: the kernel
#                          says "Secure boot enabled" and is locked down
#   sbchain_unsigned_q35   (b) an unsigned GRUB behind shim is refused by
#                          shim; the boot manager goes on to a second disk
#                          whose signed chain reaches userspace
#   sbchain_setup_q35      (c) no keys embedded (Setup Mode): the chain
#                          boots, SecureBoot=0, no lockdown
#   sbchain_ovmf           (d) the chain on OVMF: Secure Boot on, locked down
#   sbchain_ovmf_unsigned  (d) OVMF and shim refuse the unsigned GRUB alike
#   sbchain_ovmf_setup     (c) on OVMF: no keys, the chain boots, SecureBoot=0
#   sbchain_ownkey_q35,    (e) an app signed by a key not in db is refused
#   sbchain_ovmf_ownkey        by both (the status differs: see there)
#   sbchain_dbx_q35,       shim revoked by its hash in dbx is refused by both
#   sbchain_ovmf_dbx
# OVMF's Secure Boot build (SMM under TCG) takes about 20 s to userspace
# here, no slower than ours, so every OVMF case runs.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

SB_MS_VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
SB_OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
SB_CERT_UEFI_CA='Microsoft Corporation UEFI CA 2011'

# The kernel command line and GRUB's lines (grub.cfg where Debian's signed
# GRUB reads it: its embedded config sources $prefix/grub.cfg with
# prefix=/EFI/debian on the device it was loaded from).
sb_grub_cfg() { # sb_grub_cfg CONSOLE OUT
	printf '%s\n' 'set timeout=0' 'search --no-floppy --file --set=root /vmlinuz' \
		"linux /vmlinuz $1 panic=-1" 'initrd /initrd.img' 'boot' >"$2"
}

# sb_keys: $OUT/sb-ms/{PK,KEK,db,dbx}.esl out of OVMF's .ms store.
sb_keys() {
	[[ -s $OUT/sb-ms/db.esl ]] && return 0
	[[ -r $SB_MS_VARS ]] || { echo "    no $SB_MS_VARS (apt-get install ovmf)"; return 1; }
	mkdir -p "$OUT"
	tests/qemu/ovmf_vars.py "$SB_MS_VARS" "$OUT/sb-ms.tmp.$$" >/dev/null || return 1
	# A test running alongside may have made them first: keep those.
	mv -T "$OUT/sb-ms.tmp.$$" "$OUT/sb-ms" 2>/dev/null || rm -rf "$OUT/sb-ms.tmp.$$"
}

# sb_fw: $OUT/sb-ms.elf, our firmware with the .ms keys embedded.
sb_fw() {
	local out=$OUT/sb-ms.elf
	# $FW is the firmware under test (a caller must not shadow it first).
	[[ -s ${FW:-} ]] || { echo "    sb_fw: no firmware in FW='${FW:-}'"; return 1; }
	sb_keys || return 1
	[[ -s $out && $out -nt $FW ]] && { echo "$out"; return 0; }
	scripts/enroll-keys "$FW" "$out.tmp.$$" --pk "$OUT/sb-ms/PK.esl" \
		--kek "$OUT/sb-ms/KEK.esl" --db "$OUT/sb-ms/db.esl" \
		--dbx "$OUT/sb-ms/dbx.esl" >"$OUT/sb-ms.enroll.log" 2>&1 ||
		{ echo "    enroll-keys failed: $(tail -n 3 "$OUT/sb-ms.enroll.log")"; return 1; }
	mv -f "$out.tmp.$$" "$out"
	echo "$out"
}

# sb_initrd: the Linux tests' initramfs plus the Secure Boot report.
sb_initrd() {
	local base out=$OUT/sb-initramfs.cpio.gz
	base=$(linux_initramfs) || return 1
	[[ -s $out && $out -nt $base && $out -nt tests/qemu/sb_initramfs.sh ]] ||
		tests/qemu/sb_initramfs.sh "$base" "$out" || return 1
	echo "$out"
}

# sb_unsigned_grub: a GRUB image of our own (grub-mkstandalone, as
# t_grub.sh makes it), signed by nobody.
sb_unsigned_grub() {
	local out=$OUT/sb-unsigned-grubx64.efi mods cfg=$OUT/sb-unsigned.grub.cfg
	[[ -s $out ]] && { echo "$out"; return 0; }
	mods=$(tests/qemu/payloads.sh grubmods) || return 1
	sb_grub_cfg console=ttyS0 "$cfg"
	grub-mkstandalone -O x86_64-efi -d "$mods" \
		--modules="part_gpt part_msdos fat search linux normal" \
		-o "$out.tmp.$$" "boot/grub/grub.cfg=$cfg" >/dev/null &&
		mv -f "$out.tmp.$$" "$out" && echo "$out"
}

# sb_disk NAME CONSOLE [unsigned]: $OUT/NAME.img, an ESP with shim-signed
# as \EFI\BOOT\BOOTX64.EFI, GRUB next to it as grubx64.efi (Debian's signed
# one, or an unsigned one), \EFI\debian\grub.cfg, the signed kernel and
# the initramfs.
sb_disk() {
	local name=$1 shim grub kernel initrd cfg=$OUT/$1.grub.cfg
	shim=$(tests/qemu/payloads.sh shimsigned) && kernel=$(tests/qemu/payloads.sh kernel) &&
		initrd=$(sb_initrd) || return 1
	if [[ ${3:-} == unsigned ]]; then
		grub=$(sb_unsigned_grub) || return 1
	else
		grub=$(tests/qemu/payloads.sh grubsigned) || return 1
	fi
	sb_grub_cfg "$2" "$cfg"
	tests/qemu/mkesp.sh "$OUT/$name.img" --size 64 \
		"$shim:/EFI/BOOT/BOOTX64.EFI" "$grub:/EFI/BOOT/grubx64.efi" \
		"$cfg:/EFI/debian/grub.cfg" "$kernel:/vmlinuz" "$initrd:/initrd.img"
}

# What the guest reports with Secure Boot enforced: the variables, the
# kernel's verdict in its log and from inside, and lockdown on.
sb_enforced_ok() {
	expect '^cloudhv-test: SecureBoot=1 SetupMode=0$' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot enabled$' &&
		expect '^cloudhv-test: kernel: Secure boot enabled$' &&
		expect '^\[ *[0-9.]+\] Kernel is locked down from EFI Secure Boot;' &&
		expect '^cloudhv-test: lockdown: none \[integrity\] confidentiality$|^cloudhv-test: lockdown: none integrity \[confidentiality\]$'
}

# The userspace checks that hold on any firmware (lib.sh's
# linux_userspace_ok also wants our PlatformLang, "en-US", where OVMF's .ms
# store has "en").
sb_userspace_ok() {
	expect '^cloudhv-test: userspace reached' &&
		expect '^cloudhv-test: /sys/firmware/efi present' &&
		expect '^cloudhv-test: efivarfs write/read/delete ok' &&
		expect '^cloudhv-test: done, powering off' &&
		reject 'cloudhv-test: FAIL' && expect_exit 0
}

# shim's verdict on an unsigned GRUB (shim 16.1): verification fails with
# EFI_SECURITY_VIOLATION (in a box that waits for a key), then shim tries
# its MokManager, which is absent, and returns that EFI_NOT_FOUND to the
# firmware.
sb_shim_refused_ok() {
	expect 'Verification failed: \(0x1A\) Security Violation' &&
		expect 'Failed to load image: Security Policy Violation' &&
		expect 'Failed to open \\EFI\\BOOT\\mmx64.efi - Not Found' &&
		expect 'start_image\(\) returned Not Found'
}

# ---- host checks: the store, the keys, the payloads' signatures ----

test_sbchain_keys() {
	mkdir -p "$OUT"
	sb_keys || return 1
	local d=$OUT/sb-ms f
	for f in PK KEK db dbx; do
		[[ -s $d/$f.esl ]] || { echo "    no $f.esl from $SB_MS_VARS"; return 1; }
	done
	# db's X.509 entries, as certificates: the UEFI CA that signed shim.
	rm -rf "$d/certs" && mkdir "$d/certs" &&
		sig-list-to-certs "$d/db.esl" "$d/certs/db" >/dev/null || return 1
	for f in "$d"/certs/db-*.der; do
		openssl x509 -inform der -in "$f" -noout -subject
	done >"$d/db.subjects"
	grep -q "CN *= *$SB_CERT_UEFI_CA" "$d/db.subjects" ||
		{ echo "    db holds no $SB_CERT_UEFI_CA: $(cat "$d/db.subjects")"; return 1; }
	# The chain's signatures: shim by that CA, GRUB and the kernel by Debian.
	sbverify --list "$(tests/qemu/payloads.sh shimsigned)" 2>/dev/null |
		grep -q "issuer:.*CN=$SB_CERT_UEFI_CA" ||
		{ echo "    shimx64.efi.signed is not signed under $SB_CERT_UEFI_CA"; return 1; }
	sbverify --list "$(tests/qemu/payloads.sh grubsigned)" 2>/dev/null |
		grep -q 'issuer: */CN=Debian Secure Boot CA' ||
		{ echo "    grubx64.efi.signed is not signed by Debian's CA"; return 1; }
	sbverify --list "$(tests/qemu/payloads.sh kernel)" 2>/dev/null |
		grep -q 'issuer: */CN=Debian Secure Boot CA' ||
		{ echo "    the kernel is not signed by Debian's CA"; return 1; }
	# The tests' Authenticode hash (dbx entries) agrees with efitools'
	# on the signed kernel (efitools gets shim's and GRUB's wrong).
	local k mine theirs
	k=$(tests/qemu/payloads.sh kernel) && mine=$(tests/qemu/pe_hash.py "$k") &&
		hash-to-efi-sig-list "$k" "$d/kernel.esl" >/dev/null &&
		theirs=$(od -An -tx1 -j44 -N32 "$d/kernel.esl" | tr -d ' \n') || return 1
	[[ $mine == "$theirs" ]] || { echo "    kernel hash $mine, efitools $theirs"; return 1; }
	# A damaged store ends with one message and status 1, not a traceback.
	local bad=$OUT/sb-bad.fd out rc
	for cut in 40 100 2000; do
		head -c "$cut" "$SB_MS_VARS" >"$bad"
		rc=0 && out=$(tests/qemu/ovmf_vars.py "$bad" "$OUT/sb-bad" 2>&1) || rc=$?
		[[ $rc == 1 && $out == "ovmf_vars: "* && $out != *Traceback* ]] ||
			{ echo "    truncated to $cut bytes: rc $rc: $out"; return 1; }
	done
	# A variable whose DataSize runs past the store.
	cp "$SB_MS_VARS" "$bad" && printf '\xff\xff\xff\x7f' |
		dd of="$bad" bs=1 seek=$((0x64 + 40)) conv=notrunc status=none
	rc=0 && out=$(tests/qemu/ovmf_vars.py "$bad" "$OUT/sb-bad" 2>&1) || rc=$?
	[[ $rc == 1 && $out == *"past the end"* ]] ||
		{ echo "    huge DataSize: rc $rc: $out"; return 1; }
	# --replace takes only well-formed signature lists.
	head -c 40 "$d/dbx.esl" >"$OUT/sb-bad.esl"
	rc=0 && out=$(tests/qemu/ovmf_vars.py --replace dbx "$OUT/sb-bad.esl" "$SB_MS_VARS" \
		"$OUT/sb-bad-out.fd" 2>&1) || rc=$?
	[[ $rc == 1 && $out == *"bad sizes"* && ! -e $OUT/sb-bad-out.fd ]] ||
		{ echo "    --replace with a cut list: rc $rc: $out"; return 1; }
}

# ---- the reference: OVMF's Secure Boot build with the .ms store ----

# sb_ovmf NAME SERIAL [QEMU args...]: OVMF (SMM, secure pflash, as its
# README.Debian asks for the secboot build) on q35 in the background
# (QEMU_PID), a fresh copy of the .ms variables (or of $SB_VARS), $OUT/NAME.img on
# virtio-blk, the serial line at SERIAL (a QEMU chardev); LOG is
# $OUT/NAME.log.
sb_ovmf() {
	local name=$1 serial=$2
	shift 2
	[[ -r $SB_OVMF_CODE && -r $SB_MS_VARS ]] || { echo "    no $SB_OVMF_CODE (apt-get install ovmf)"; return 1; }
	cp "${SB_VARS:-$SB_MS_VARS}" "$OUT/$name.vars"
	rm -f "$OUT/$name.log"
	timeout -k 5 "${SB_OVMF_TIMEOUT:-180}" "$QEMU" -M q35,smm=on -m 1024 \
		-global driver=cfi.pflash01,property=secure,value=on \
		-global ICH9-LPC.disable_s3=1 -display none -nodefaults -no-reboot \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$SB_OVMF_CODE" \
		-drive "if=pflash,format=raw,unit=1,file=$OUT/$name.vars" \
		-drive "file=$OUT/$name.img,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0 \
		-serial "$serial" "$@" >"$OUT/$name.qemu.log" 2>&1 &
	QEMU_PID=$!
	LOG=$OUT/$name.log
}

# sb_refusal NAME UNTIL: drives a run started with its serial line on
# $OUT/NAME.sock: shim shows its verification error in a box and waits for
# a key (console_error), so a CR is typed once it is there; the run is
# stopped once UNTIL (a regex) was printed after it, or at the limit (a
# firmware that goes on to a menu never ends by itself).
sb_refusal() {
	local name=$1 until=$2 typist
	printf '\n' >"$OUT/$name.keys"
	tests/qemu/console_script.py "$OUT/$name.sock" "$OUT/$name.log" \
		'Verification failed' "$OUT/$name.keys" 170 &
	typist=$!
	sb_stop_after "$until"
	wait "$typist" 2>/dev/null
	return 0
}

# sb_stop_after REGEX: waits for REGEX in LOG, then (2 s later, for what
# follows) stops QEMU unless it ended by itself; RC is its exit code.
sb_stop_after() {
	wait_for "$1" 170
	sleep 2
	kill "$QEMU_PID" 2>/dev/null
	RC=0
	wait "$QEMU_PID" 2>/dev/null || RC=$?
}

test_sbchain_ovmf() {
	sb_disk sbchain-ovmf console=ttyS0 || return 1
	sb_ovmf sbchain-ovmf "file:$OUT/sbchain-ovmf.log"
	qemu_wait
	expect 'BdsDxe: starting .*UEFI Misc Device' && expect 'Welcome to GRUB!' &&
		expect 'EFI stub: UEFI Secure Boot is enabled\.$' &&
		sb_enforced_ok && sb_userspace_ok
}

# (c) on OVMF: its empty store (OVMF_VARS_4M.fd: no PK, Setup Mode) with
# the same Secure Boot build; the chain boots unverified, as on ours.
test_sbchain_ovmf_setup() {
	sb_disk sbchain-ovmf-setup console=ttyS0 || return 1
	SB_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd sb_ovmf sbchain-ovmf-setup "file:$OUT/sbchain-ovmf-setup.log"
	qemu_wait
	expect 'Welcome to GRUB!' && reject 'EFI stub: UEFI Secure Boot is enabled' &&
		expect '^cloudhv-test: SecureBoot=0 SetupMode=1$' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot disabled$' &&
		expect '^cloudhv-test: lockdown: \[none\] integrity confidentiality$' &&
		sb_userspace_ok
}

test_sbchain_ovmf_unsigned() {
	local name=sbchain-ovmf-unsigned
	sb_disk "$name" console=ttyS0 unsigned || return 1
	rm -f "$OUT/$name.sock"
	sb_ovmf "$name" "unix:$OUT/$name.sock,server=on,wait=on"
	sb_refusal "$name" 'BdsDxe: starting Boot0002'
	# OVMF's boot manager reports shim's status and goes on to its next
	# option (its UEFI Shell, unsigned, itself refused).
	sb_shim_refused_ok && reject 'Welcome to GRUB!' &&
		expect 'BdsDxe: failed to start Boot0001 "UEFI Misc Device" from .*: Not Found' &&
		expect 'BdsDxe: starting Boot0002 '
}

# ---- our firmware ----

# sb_chain NAME PROFILE FW: the signed chain under a profile
# (tests/qemu/linux_lib.sh) with firmware FW.
sb_chain() {
	local name=$1 profile=$2 FW=$3
	sb_disk "$name" "$(linux_console "$profile")" || return 1
	linux_boot "$name" "$profile" "fw.test" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0
	expect "$SB_BOOTX64_RE" && expect 'Welcome to GRUB!' &&
		expect "^\\[ *[0-9.]+\\] Kernel command line: BOOT_IMAGE=/vmlinuz $(linux_console "$profile") panic=-1\$"
}

SB_BOOTX64_RE='^bootmgr: starting Pc(i|ie)Root\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI'

# (a) User Mode with the .ms keys: shim verified against db, GRUB and the
# kernel against shim's Debian certificate, the kernel locked down.
sb_enforced() { # sb_enforced PROFILE
	local fw
	fw=$(sb_fw) || return 1
	sb_chain "sbchain-$1" "$1" "$fw" &&
		expect '^efi: Secure Boot: keys from the firmware file, User Mode, enforced$' &&
		expect '^secboot: .*\\EFI\\BOOT\\BOOTX64.EFI: admitted \(signed by a key in db\)$' &&
		expect 'EFI stub: UEFI Secure Boot is enabled\.$' &&
		sb_enforced_ok && linux_ok "$1"
}
test_sbchain_pc() { sb_enforced pc; }
test_sbchain_q35() { sb_enforced q35; }
test_sbchain_chv() { sb_enforced chv; }

# (c) No keys embedded: Setup Mode, nothing is verified, the same chain
# boots and the kernel is not locked down.
test_sbchain_setup_q35() {
	sb_chain sbchain-setup-q35 q35 "$FW" &&
		expect '^efi: Secure Boot: no platform key, Setup Mode$' && reject '^(error: )?secboot: ' &&
		reject 'EFI stub: UEFI Secure Boot is enabled' &&
		expect '^cloudhv-test: SecureBoot=0 SetupMode=1$' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot disabled$' &&
		expect '^cloudhv-test: kernel: Secure boot disabled$' &&
		expect '^cloudhv-test: lockdown: \[none\] integrity confidentiality$' &&
		linux_ok q35
}

# (b) An unsigned GRUB behind the signed shim on the first disk: shim
# refuses it and returns; the boot manager reports that and goes on to the
# second disk, whose signed chain reaches userspace under Secure Boot.
test_sbchain_unsigned_q35() {
	local name=sbchain-unsigned-q35 fw
	fw=$(sb_fw) || return 1
	local FW=$fw
	sb_disk "$name" console=ttyS0 unsigned && sb_disk "$name-2" console=ttyS0 || return 1
	rm -f "$OUT/$name.sock" "$OUT/$name.log"
	QEMU_TIMEOUT=170 qemu_bg "$name" q35 "fw.test" -m 1024 \
		-serial "unix:$OUT/$name.sock,server=on,wait=on" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/$name-2.img,format=raw" -device virtio-blk-pci,drive=d1
	LOG=$OUT/$name.log
	sb_refusal "$name" 'cloudhv-test: done, powering off'
	sb_shim_refused_ok && expect_exit 0 &&
		[[ $(log_text | grep -cE '^secboot: .*\\EFI\\BOOT\\BOOTX64.EFI: admitted \(signed by a key in db\)$') == 2 ]] ||
		{ echo "    shim not admitted twice"; return 1; }
	# The refusal came first, from the first disk, then the second disk.
	local refused booted
	refused=$(log_text | grep -nE '^error: bootmgr: .*/HD\(1,GPT,.*\\EFI\\BOOT\\BOOTX64.EFI returned EFI_NOT_FOUND$' | head -n 1 | cut -d: -f1)
	booted=$(log_text | grep -n 'Welcome to GRUB!' | head -n 1 | cut -d: -f1)
	[[ -n $refused && -n $booted && $refused -lt $booted ]] ||
		{ echo "    no refusal (line ${refused:-none}) before GRUB (line ${booted:-none})"; return 1; }
	[[ $(log_text | grep -c '^bootmgr: starting .*BOOTX64.EFI') == 2 ]] ||
		{ echo "    expected two removable-path boots"; return 1; }
	sb_enforced_ok && linux_ok q35 2
}

# (e) An application signed by a key of our own, not in the .ms db, is
# refused by both firmwares, which then go on. They differ in the status:
# OVMF (edk2's DxeImageVerificationLib) fails LoadImage with
# EFI_ACCESS_DENIED for a signed image it does not trust and keeps
# EFI_SECURITY_VIOLATION (image loaded, StartImage refused: UEFI 2.10
# §7.4.1) for an unsigned one, its own UEFI Shell here; ours does the same
# (efi/image/verify.c refusal()).
sb_ownkey_disk() { # sb_ownkey_disk IMG: args.efi signed by a key of its own
	local d=${1%.img}.key
	efi_app args || return 1
	mkdir -p "$d"
	[[ -s $d/key.pem ]] || openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 \
		-subj "/CN=cloudhv-fw test key, not in db" -keyout "$d/key.pem" \
		-out "$d/cert.pem" >/dev/null 2>&1 || return 1
	sbsign --key "$d/key.pem" --cert "$d/cert.pem" --output "$d/args.signed.efi" \
		build/efi/args.efi >/dev/null 2>&1 || return 1
	tests/qemu/mkesp.sh "$1" --size 40 "$d/args.signed.efi:/EFI/BOOT/BOOTX64.EFI"
}

test_sbchain_ownkey_q35() {
	local fw img=$OUT/sbchain-ownkey.img
	fw=$(sb_fw) && sb_ownkey_disk "$img" || return 1
	local FW=$fw
	qemu_boot sbchain-ownkey-q35 q35 256 "fw.test" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^error: secboot: .*\\EFI\\BOOT\\BOOTX64.EFI: refused: signature by a key not in db \(EFI_ACCESS_DENIED\)$' &&
		expect '^error: bootmgr: .*\\EFI\\BOOT\\BOOTX64.EFI: refused by Secure Boot \(EFI_ACCESS_DENIED\), trying the next option$' &&
		expect '^bootmgr: nothing to boot; tried' &&
		reject '^args: from=' && expect 'test mode: powering off' && expect_ok_exit
}

test_sbchain_ovmf_ownkey() {
	local name=sbchain-ovmf-ownkey
	sb_ownkey_disk "$OUT/$name.img" || return 1
	sb_ovmf "$name" "file:$OUT/$name.log"
	sb_stop_after 'BdsDxe: No bootable option'
	expect 'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from .*: Access Denied' &&
		expect 'BdsDxe: failed to start Boot0002 "EFI Internal Shell" from .*: Security Violation' &&
		reject '^args: from='
}

# A revocation as dbx updates make them in the field: the .ms keys plus
# shim's own Authenticode hash in dbx (tests/qemu/pe_hash.py, after the
# store's list). The signed shim is refused before it runs, by ours and by
# OVMF (the same dbx written into a copy of its store: ovmf_vars.py
# --replace); both say EFI_ACCESS_DENIED.
sb_dbx() { # sb_dbx: $OUT/sbchain-dbx/dbx.esl
	local d=$OUT/sbchain-dbx
	mkdir -p "$d" && sb_keys || return 1
	tests/qemu/pe_hash.py "$(tests/qemu/payloads.sh shimsigned)" --esl "$d/shim.esl" >/dev/null &&
		cat "$OUT/sb-ms/dbx.esl" "$d/shim.esl" >"$d/dbx.esl"
}

test_sbchain_dbx_q35() {
	local name=sbchain-dbx-q35 d=$OUT/sbchain-dbx
	sb_dbx && sb_disk "$name" console=ttyS0 || return 1
	scripts/enroll-keys "$FW" "$d/fw.elf" --pk "$OUT/sb-ms/PK.esl" \
		--kek "$OUT/sb-ms/KEK.esl" --db "$OUT/sb-ms/db.esl" --dbx "$d/dbx.esl" \
		>"$d/enroll.log" 2>&1 || { echo "    enroll-keys: $(tail -n 3 "$d/enroll.log")"; return 1; }
	local FW=$d/fw.elf
	qemu_boot "$name" q35 1024 "fw.test" \
		-drive "if=none,id=d0,file=$OUT/$name.img,format=raw" -device virtio-blk-pci,drive=d0
	expect '^error: secboot: .*\\EFI\\BOOT\\BOOTX64.EFI: refused: hash in dbx \(EFI_ACCESS_DENIED\)$' &&
		expect '^error: bootmgr: .*\\EFI\\BOOT\\BOOTX64.EFI: refused by Secure Boot \(EFI_ACCESS_DENIED\), trying the next option$' &&
		reject 'Welcome to GRUB!' && expect 'test mode: powering off' && expect_ok_exit
}

test_sbchain_ovmf_dbx() {
	local name=sbchain-ovmf-dbx d=$OUT/sbchain-ovmf-dbx
	sb_dbx && sb_disk "$name" console=ttyS0 || return 1
	mkdir -p "$d"
	tests/qemu/ovmf_vars.py --replace dbx "$OUT/sbchain-dbx/dbx.esl" "$SB_MS_VARS" \
		"$d/vars.fd" >/dev/null || return 1
	SB_VARS=$d/vars.fd sb_ovmf "$name" "file:$OUT/$name.log"
	sb_stop_after 'BdsDxe: No bootable option'
	expect 'BdsDxe: failed to load Boot0001 "UEFI Misc Device" from .*: Access Denied' &&
		reject 'Welcome to GRUB!'
}
