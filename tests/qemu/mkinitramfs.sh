#!/usr/bin/env bash
# A tiny initramfs for the Linux boot tests: busybox (busybox-static) and
# an /init that checks the firmware from inside the guest, prints one
# marker line per check, then powers off.
# Usage: mkinitramfs.sh OUT.cpio.gz
set -euo pipefail
out=${1:?usage: mkinitramfs.sh OUT.cpio.gz}
bb=$(command -v busybox) || { echo "mkinitramfs: busybox missing (apt-get install -y busybox-static)" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,sys/firmware/efi/efivars}
cp "$bb" "$stage/bin/busybox"
for tool in sh mount cat echo ls grep wc poweroff sleep; do
	ln -s busybox "$stage/bin/$tool"
done
mknod -m 600 "$stage/dev/console" c 5 1
cat >"$stage/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "cloudhv-test: userspace reached"
if [ -d /sys/firmware/efi ]; then
	echo "cloudhv-test: /sys/firmware/efi present"
else
	echo "cloudhv-test: FAIL no /sys/firmware/efi"
fi
n=$(ls /sys/firmware/acpi/tables 2>/dev/null | wc -l)
echo "cloudhv-test: ACPI tables in sysfs: $n"
if [ -e /sys/firmware/dmi/tables/DMI ]; then
	echo "cloudhv-test: SMBIOS tables present"
else
	echo "cloudhv-test: FAIL no SMBIOS tables"
fi
echo "cloudhv-test: memory: $(grep MemTotal /proc/meminfo)"
echo "cloudhv-test: done, powering off"
poweroff -f
INIT
chmod +x "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -9 >"$out"
echo "mkinitramfs: $out ($(stat -c %s "$out") bytes)"
