#!/usr/bin/env bash
# make bench, Secure Boot part: the same firmware without keys and with
# keys embedded (scripts/enroll-keys; keys by tests/unit/secboot_vectors.sh),
# the same signed files (sbsign, db key), q35 1 GiB, deterministic guest
# instructions (TSC under -icount shift=0, one run each):
# - firmware entry -> entry of a small application (tests/efi/sbbench.c,
#   handed over through fw_cfg): boot plus its own verification;
# - LoadImage, timed inside that application, of the UKI (systemd stub +
#   Debian kernel + busybox initramfs) and of the Debian kernel (EFI stub)
#   from a FAT disk: reading, one Authenticode pass, the PKCS#7 check.
set -euo pipefail
fw=build/cloudhv-fw.elf
out=build/bench/secboot
mkdir -p "$out"
export OUT=build/bench

kernel=$(tests/qemu/payloads.sh kernel)
tests/qemu/payloads.sh ukistub >/dev/null
make --no-print-directory build/efi/sbbench.efi >/dev/null
[[ -f $out/keys/made ]] || tests/unit/secboot_vectors.sh "$out/keys" >/dev/null
k=$out/keys
[[ -f build/bench/initramfs.cpio.gz ]] ||
	tests/qemu/mkinitramfs.sh build/bench/initramfs.cpio.gz >/dev/null
tests/qemu/mkuki.sh "$out/uki.efi" "$kernel" build/bench/initramfs.cpio.gz "console=ttyS0 panic=-1"
sign() { sbsign --key "$k/db.key" --cert "$k/db.crt" --output "$2" "$1" 2>/dev/null; }
sign "$out/uki.efi" "$out/UKI.EFI"
sign "$kernel" "$out/VMLINUZ.EFI"
sign build/efi/sbbench.efi "$out/sbbench.efi"
tests/qemu/mkesp.sh "$out/disk.img" --size 128 "$out/UKI.EFI:/UKI.EFI" \
	"$out/VMLINUZ.EFI:/VMLINUZ.EFI"
scripts/enroll-keys "$fw" "$out/fw-sb.elf" --pk "$k/PK.esl" --kek "$k/KEK.esl" \
	--db "$k/db.esl" >/dev/null

run() { # run FIRMWARE LOG
	timeout 300 qemu-system-x86_64 -M q35 -m 1024 -kernel "$1" -append fw.test \
		-display none -nodefaults -serial "file:$2" -no-reboot -icount shift=0 \
		-drive "if=none,id=d0,file=$out/disk.img,format=raw,snapshot=on" \
		-device virtio-blk-pci,drive=d0 \
		-fw_cfg name=opt/cloudhv/app.efi,file="$out/sbbench.efi" \
		-fw_cfg 'name=opt/cloudhv/cmdline,string=\UKI.EFI \VMLINUZ.EFI' || true
}
run "$fw" "$out/off.log"
run "$out/fw-sb.elf" "$out/on.log"

entry() { # instructions from the firmware's entry to the app's
	local log=$1 e t
	e=$(tr -d '\r' <"$log" | sed -nE 's/^timeline \(TSC ticks since entry at ([0-9]+)\).*/\1/p')
	t=$(tr -d '\r' <"$log" | sed -nE 's/^sbbench: entry tsc=([0-9]+).*/\1/p')
	[[ -n $e && -n $t ]] && echo $((t - e)) || echo 0
}
load() { # load LOG PATH: "STATUS|instructions"
	tr -d '\r' <"$1" | sed -nE "s/^sbbench: load \\\\$2: (.*), ([0-9]+) instructions/\1|\2/p"
}
row() { # row WHAT OFF ON
	awk -v w="$1" -v a="$2" -v b="$3" 'BEGIN {
		printf "bench: %-38s %14s %14s %+13d %+7.2f%%\n", w, a, b, b - a, (a > 0 ? (b - a) * 100 / a : 0) }'
}
uki_mib=$(awk -v s="$(stat -c %s "$out/UKI.EFI")" 'BEGIN {printf "%.1f", s / 1048576}')
krn_mib=$(awk -v s="$(stat -c %s "$out/VMLINUZ.EFI")" 'BEGIN {printf "%.1f", s / 1048576}')
echo "bench: Secure Boot cost, q35 1 GiB, guest instructions (TSC under -icount shift=0)"
printf 'bench: %-38s %14s %14s %13s %8s\n' "" "no keys" "Secure Boot" "extra" ""
row "firmware entry -> app entry" "$(entry "$out/off.log")" "$(entry "$out/on.log")"
for f in "UKI.EFI:UKI ($uki_mib MiB)" "VMLINUZ.EFI:Debian kernel ($krn_mib MiB)"; do
	name=${f%%:*} what=${f#*:}
	off=$(load "$out/off.log" "$name") on=$(load "$out/on.log" "$name")
	if [[ ${off%%|*} != Success || ${on%%|*} != Success ]]; then
		echo "bench: LoadImage $what: no result (without keys: ${off%%|*}; with: ${on%%|*}; see $out/*.log)"
		continue
	fi
	row "LoadImage $what" "${off##*|}" "${on##*|}"
done
