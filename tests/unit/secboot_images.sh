#!/usr/bin/env bash
# secboot_images.sh DIR PE: signed images for the image-verification unit
# test (tests/unit/test_sbverify.c), from the gnu-efi image PE (the pe
# unit test's hello.efi) and the keys secboot_vectors.sh made in DIR:
#   img_db.efi     signed by db (sbsign)      img_other.efi  by other
#   img_two.efi    other's signature, then db's: two WIN_CERTIFICATEs
#   img_unsigned.efi  PE padded to 8 bytes (so that every tool hashes it alike)
set -euo pipefail
dir=${1:?usage: secboot_images.sh DIR PE} pe=${2:?}
cp "$pe" "$dir/img_unsigned.efi"
truncate -s $(( ($(stat -c %s "$pe") + 7) / 8 * 8 )) "$dir/img_unsigned.efi"
for k in db other; do
	sbsign --key "$dir/$k.key" --cert "$dir/$k.crt" --output "$dir/img_$k.efi" \
		"$dir/img_unsigned.efi" 2>/dev/null
done
python3 - "$dir" <<'PY'
import struct, sys
d = sys.argv[1]
def table(b):
    pe = struct.unpack_from("<I", b, 0x3c)[0]
    opt = pe + 24
    dd = opt + 112 + 4 * 8          # PE32+: the certificate table entry
    off, size = struct.unpack_from("<II", b, dd)
    return dd, off, size
other = bytearray(open(f"{d}/img_other.efi", "rb").read())
db = open(f"{d}/img_db.efi", "rb").read()
dd, off, size = table(other)
_, doff, dsize = table(db)
entry = db[doff:doff + dsize]
two = other[:off + size] + entry
struct.pack_into("<II", two, dd, off, size + len(entry))
open(f"{d}/img_two.efi", "wb").write(two)
PY
touch "$dir/images.made"
