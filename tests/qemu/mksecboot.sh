#!/usr/bin/env bash
# mksecboot.sh DIR: everything tests/qemu/t_secboot.sh boots, made at test
# time into DIR:
#   keys     tests/unit/secboot_vectors.sh's PK, KEK, db, other (openssl,
#            efitools), plus "new" (enrolled into db at run time) and
#            "revoked" (in db and in dbx)
#   fw.elf   build/cloudhv-fw.elf with PK, KEK, db (db + revoked) and dbx
#            (HASHX.EFI's Authenticode hash by hash-to-efi-sig-list, the
#            revoked certificate) embedded by scripts/enroll-keys
#   d0.img   BOOTX64.EFI = args.efi unsigned
#   d1.img   BOOTX64.EFI = args.efi signed by "other" (sbsign)
#   d2.img   BOOTX64.EFI = secboot.efi signed by db, and in \SB\: SIGNED
#            (db), UNSIGNED, OTHER, HASHX (stall.efi signed by db, hash
#            in dbx), CERTX (signed by revoked), NEW (signed by new),
#            BYHASH (tick.efi unsigned, its hash in db), DBNEW.AUT (new.esl
#            APPEND to db, by KEK), DBOTHER.AUT (by other), PKDEL.AUT
#            (empty PK, by PK), MINEA/MINEB/MINEA2.AUT (the private
#            variable Mine by A, by B, by A again)
#   d3.img   only \SB\ (the shell session: no BOOTX64.EFI)
#   d4.img   \SB\PK.AUT, KEK.AUT, KEKX.AUT (outsider) for runtime.efi
#   fw-bad.elf  fw.elf with the db list's SignatureSize broken in .sbkeys
set -euo pipefail
dir=${1:?usage: mksecboot.sh DIR}
efi=build/efi
tmp=$dir.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
tests/unit/secboot_vectors.sh "$tmp" >/dev/null
owner=11111111-2222-3333-4444-555555555555
for n in new revoked; do
	openssl req -new -x509 -newkey rsa:2048 -nodes -subj "/CN=cloudhv-fw test $n/" \
		-keyout "$tmp/$n.key" -out "$tmp/$n.crt" -days 3650 -sha256 2>/dev/null
	cert-to-efi-sig-list -g $owner "$tmp/$n.crt" "$tmp/$n.esl"
done
sign() { sbsign --key "$tmp/$2.key" --cert "$tmp/$2.crt" --output "$3" "$1" 2>/dev/null; }
sb=$tmp/sb
mkdir -p "$sb"
cp $efi/args.efi "$sb/UNSIGNED.EFI"
sign $efi/args.efi db "$sb/SIGNED.EFI"
sign $efi/args.efi other "$sb/OTHER.EFI"
sign $efi/stall.efi db "$sb/HASHX.EFI"
sign $efi/args.efi revoked "$sb/CERTX.EFI"
sign $efi/args.efi new "$sb/NEW.EFI"
# hash-to-efi-sig-list hashes an image padded to 8 bytes (as sbsign
# before it appends a signature); UEFI (and EDK2, and we) hash the file as
# it is: an image already 8-byte aligned is the same to both.
cp $efi/tick.efi "$sb/BYHASH.EFI"
truncate -s $(( ($(stat -c %s "$sb/BYHASH.EFI") + 7) / 8 * 8 )) "$sb/BYHASH.EFI"
sign $efi/secboot.efi db "$tmp/BOOTX64.EFI"
hash-to-efi-sig-list "$sb/HASHX.EFI" "$tmp/hashx.esl" >/dev/null
hash-to-efi-sig-list "$sb/BYHASH.EFI" "$tmp/byhash.esl" >/dev/null
cat "$tmp/db.esl" "$tmp/revoked.esl" "$tmp/byhash.esl" >"$tmp/db-all.esl"
cat "$tmp/hashx.esl" "$tmp/revoked.esl" >"$tmp/dbx.esl"
sign-efi-sig-list -a -t "2025-01-01 00:00:00" -k "$tmp/KEK.key" -c "$tmp/KEK.crt" \
	db "$tmp/new.esl" "$sb/DBNEW.AUT" >/dev/null
sign-efi-sig-list -a -t "2025-01-01 00:00:00" -k "$tmp/other.key" -c "$tmp/other.crt" \
	db "$tmp/new.esl" "$sb/DBOTHER.AUT" >/dev/null
cp "$tmp/PK_del.auth" "$sb/PKDEL.AUT"
# The private time-based variable "Mine" (secboot_vectors.sh): created by
# A, then an update by B (refused), then one by A (taken).
cp "$tmp/Mine_A.auth" "$sb/MINEA.AUT"
cp "$tmp/Mine_B.auth" "$sb/MINEB.AUT"
cp "$tmp/Mine_A2.auth" "$sb/MINEA2.AUT"
scripts/enroll-keys build/cloudhv-fw.elf "$tmp/fw.elf" --pk "$tmp/PK.esl" \
	--kek "$tmp/KEK.esl" --db "$tmp/db-all.esl" --dbx "$tmp/dbx.esl" >/dev/null
python3 - "$tmp/fw.elf" "$tmp/fw-bad.elf" <<'PY'
import struct, sys
elf = bytearray(open(sys.argv[1], "rb").read())
at = elf.rfind(b"CHVSBKEY")  # the section (the magic is in .rodata too)
off = struct.unpack_from("<I", elf, at + 16 + 2 * 8)[0]  # db's offset
struct.pack_into("<I", elf, at + off + 24, 17)  # its SignatureSize
open(sys.argv[2], "wb").write(elf)
PY
tests/qemu/mkesp.sh "$tmp/d0.img" --size 40 "$efi/args.efi:/EFI/BOOT/BOOTX64.EFI"
tests/qemu/mkesp.sh "$tmp/d1.img" --size 40 "$sb/OTHER.EFI:/EFI/BOOT/BOOTX64.EFI"
files=()
for f in "$sb"/*; do files+=("$f:/SB/$(basename "$f")"); done
tests/qemu/mkesp.sh "$tmp/d2.img" --size 40 "$tmp/BOOTX64.EFI:/EFI/BOOT/BOOTX64.EFI" "${files[@]}"
tests/qemu/mkesp.sh "$tmp/d3.img" --size 40 "${files[@]}"
cat "$tmp/db-all.esl" "$tmp/new.esl" >"$tmp/db-after.esl"
tests/qemu/mkesp.sh "$tmp/d4.img" --size 40 "$tmp/PK.auth:/SB/PK.AUT" \
	"$tmp/KEK.auth:/SB/KEK.AUT" "$tmp/KEK_other.auth:/SB/KEKX.AUT"
touch "$tmp/made"
rm -rf "$dir"
mv "$tmp" "$dir"
