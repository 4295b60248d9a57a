#!/usr/bin/env bash
# sb_initramfs.sh BASE.cpio.gz OUT.cpio.gz: the Linux tests' initramfs
# (tests/qemu/mkinitramfs.sh) with a report of Secure Boot as the guest
# sees it. Its /init is taken out of BASE and gets, just before its final
# "done, powering off" line (efivarfs mounted, output already on the right
# console: ttyS0, or hvc0 on chv), these lines:
#   cloudhv-test: SecureBoot=N SetupMode=N   the variables' data byte
#   cloudhv-test: lockdown: ...               /sys/kernel/security/lockdown
#   cloudhv-test: kernel: Secure boot ...     the kernel's own verdict
# The new /init goes into a second archive appended to BASE: the kernel
# unpacks concatenated archives in order, a later file replacing an
# earlier one. (Hooking a command instead would not work: Debian's
# busybox shell runs its applets ahead of PATH.) Debian's signed kernel in
# lockdown loads only signed modules: the base's are Debian's (signed),
# nothing is added.
set -euo pipefail
base=${1:?usage: sb_initramfs.sh BASE.cpio.gz OUT.cpio.gz}
out=${2:?usage: sb_initramfs.sh BASE.cpio.gz OUT.cpio.gz}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
anchor='echo "cloudhv-test: done, powering off"'
zcat "$base" | (cd "$stage" && cpio -i --quiet init)
grep -qxF "$anchor" "$stage/init" ||
	{ echo "sb_initramfs: no '$anchor' line in $base's /init" >&2; exit 1; }
cat >"$stage/report" <<'EOF'
g=8be4df61-93ca-11d2-aa0d-00e098032b8c
sbvar() { # the data byte of a one-byte global variable (after 4 attribute bytes)
	dd if=/sys/firmware/efi/efivars/$1-$g bs=1 skip=4 count=1 2>/dev/null |
		busybox od -An -tu1 | tr -d ' \n'
}
echo "cloudhv-test: SecureBoot=$(sbvar SecureBoot) SetupMode=$(sbvar SetupMode)"
busybox mkdir -p /sys/kernel/security
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
if [ -r /sys/kernel/security/lockdown ]; then
	echo "cloudhv-test: lockdown: $(cat /sys/kernel/security/lockdown)"
else
	echo "cloudhv-test: lockdown: unavailable"
fi
echo "cloudhv-test: kernel: $(dmesg | grep -oE 'Secure boot (enabled|disabled|could not be determined)' | head -n 1)"
EOF
awk -v anchor="$anchor" -v report="$stage/report" '
	$0 == anchor { while ((getline l < report) > 0) print l }
	{ print }' "$stage/init" >"$stage/init.new"
mv "$stage/init.new" "$stage/init"
rm "$stage/report"
chmod +x "$stage/init"
(cd "$stage" && echo init | cpio -o -H newc --quiet) | gzip -9 >"$stage/overlay.cpio.gz"
# Parallel tests never see half an archive.
cat "$base" "$stage/overlay.cpio.gz" >"$out.tmp.$$"
mv -f "$out.tmp.$$" "$out"
