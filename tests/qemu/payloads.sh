#!/usr/bin/env bash
# Real payloads from Debian packages, unpacked (dpkg -x) into
# build/payloads/ without installing them: no maintainer scripts run (the
# kernel package's would spend minutes building an initramfs we never use).
# Usage: payloads.sh kernel     -> prints the path of the kernel's vmlinuz
#        payloads.sh helloworld -> efitools' HelloWorld.efi
#        payloads.sh ukistub    -> systemd-boot-efi's linuxx64.efi.stub
#        payloads.sh grubmods   -> grub-efi-amd64-bin's x86_64-efi module dir
#        payloads.sh shim       -> shim-unsigned's shimx64.efi
#        payloads.sh shimsigned -> shim-signed's shimx64.efi.signed (signed by
#                                  Microsoft's UEFI CA 2011 and UEFI CA 2023:
#                                  the crypto tests and t_sbchain.sh)
#        payloads.sh grubsigned -> grub-efi-amd64-signed's grubx64.efi.signed
#                                  (signed by Debian's Secure Boot CA, the
#                                  certificate shim-signed's shim embeds)
#        payloads.sh efibootmgr -> efibootmgr's binary; its libraries
#                                  (libefivar1, libefiboot1, libpopt0) are
#                                  unpacked beside it, for an initramfs
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=build/payloads
mkdir -p "$dir"

# The versioned package behind a meta-package (linux-image-amd64 ->
# linux-image-6.1.0-NN-amd64).
resolve() {
	apt-cache depends "$1" 2>/dev/null | awk '/Depends:/ {print $2; exit}'
}

# Under a lock: tests run two at a time and may ask for the same package.
unpack() { # unpack PACKAGE: download once, extract into $dir/PACKAGE
	local pkg=$1
	(
		flock 9
		if [[ ! -d $dir/$pkg ]]; then
			rm -rf "$dir/$pkg.tmp"
			(cd "$dir" && apt-get download -qq "$pkg" >/dev/null)
			dpkg -x "$dir/${pkg}"_*.deb "$dir/$pkg.tmp"
			mv "$dir/$pkg.tmp" "$dir/$pkg"
		fi
	) 9>"$dir/.unpack.lock"
}

case ${1:-} in
kernel)
	pkg=$(resolve linux-image-amd64)
	[[ -n $pkg ]] || { echo "payloads: cannot resolve linux-image-amd64 (apt-get update?)" >&2; exit 1; }
	unpack "$pkg"
	ls "$dir/$pkg"/boot/vmlinuz-* | head -1
	;;
helloworld)
	unpack efitools
	ls "$dir"/efitools/usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi
	;;
ukistub)
	unpack systemd-boot-efi
	ls "$dir"/systemd-boot-efi/usr/lib/systemd/boot/efi/linuxx64.efi.stub
	;;
grubmods)
	unpack grub-efi-amd64-bin
	ls -d "$dir"/grub-efi-amd64-bin/usr/lib/grub/x86_64-efi
	;;
shim)
	unpack shim-unsigned
	ls "$dir"/shim-unsigned/usr/lib/shim/shimx64.efi
	;;
shimsigned)
	unpack shim-signed
	ls "$dir"/shim-signed/usr/lib/shim/shimx64.efi.signed
	;;
efibootmgr)
	for p in efibootmgr libefivar1 libefiboot1 libpopt0; do unpack "$p"; done
	ls "$dir"/efibootmgr/bin/efibootmgr
	;;
grubsigned)
	unpack grub-efi-amd64-signed
	ls "$dir"/grub-efi-amd64-signed/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
	;;
*)
	echo "usage: $0 kernel|helloworld|ukistub|grubmods|shim|shimsigned|grubsigned|efibootmgr" >&2
	exit 2
	;;
esac
