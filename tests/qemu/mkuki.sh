#!/usr/bin/env bash
# mkuki.sh OUT.efi KERNEL INITRD "CMDLINE": a unified kernel image from
# systemd-boot-efi's linuxx64.efi.stub (tests/qemu/payloads.sh ukistub):
# the stub with .osrel, .cmdline, .linux and .initrd sections added by
# objcopy at increasing addresses after the stub's own (the layout the
# systemd stub documents; Debian 12 has no ukify). The stub starts the
# kernel with the embedded command line and serves the initrd through
# LoadFile2 on the Linux initrd media device path.
set -euo pipefail
out=$1 kernel=$2 initrd=$3 cmdline=$4
stub=$("$(dirname "$0")/payloads.sh" ukistub)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'NAME="cloudhv-fw test"\nID=cloudhv-test\n' >"$tmp/osrel"
printf '%s' "$cmdline" >"$tmp/cmdline"
align() { echo $(( ($1 + 0xfffff) & ~0xfffff )); } # next 1 MiB boundary
ksize=$(stat -c %s "$kernel")
linux_vma=0x1000000
initrd_vma=$(align $((linux_vma + ksize)))
objcopy \
	--add-section .osrel="$tmp/osrel" --change-section-vma .osrel=0x20000 \
	--add-section .cmdline="$tmp/cmdline" --change-section-vma .cmdline=0x30000 \
	--add-section .linux="$kernel" --change-section-vma .linux=$linux_vma \
	--add-section .initrd="$initrd" --change-section-vma .initrd=$initrd_vma \
	"$stub" "$out.tmp"
mv -f "$out.tmp" "$out"
