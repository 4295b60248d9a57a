#!/usr/bin/env bash
# seeds_secboot.sh KIND DIR: seeds for the Secure Boot fuzz targets from the
# keys and signed updates tests/unit/secboot_vectors.sh makes (openssl,
# efitools) in build/unit/secboot.
#   siglist   [split byte] old ESLs + new ESLs (certificates, a hash list)
#   varauth   scripts of writes ([op][len u16][.auth]): PK, KEK, db, APPEND,
#             a PK deletion, an outsider's update; the private variable
#             Mine: created, updated, appended, refused, deleted, re-created
#   sbkeys    .sbkeys sections as scripts/enroll-keys lays them out (PK, KEK,
#             db, with and without dbx), cut to their used part
#   sbverify  [len][db][len][dbx][PE]: sbsign-signed images (secboot_images.sh)
#             against db, with dbx by certificate
set -euo pipefail
kind=$1 dir=$2 v=build/unit/secboot
[[ -f $v/made ]] || tests/unit/secboot_vectors.sh $v >/dev/null
[[ $kind != sbverify || -f $v/images.made ]] || { echo "seeds_secboot.sh: run make build/unit/test_sbverify first" >&2; exit 1; }
python3 - "$kind" "$dir" "$v" <<'PY'
import hashlib, os, struct, sys
kind, out, v = sys.argv[1:]
rd = lambda n: open(os.path.join(v, n), "rb").read()
def put(name, b):
    open(os.path.join(out, name), "wb").write(b)
if kind == "siglist":
    sha256 = struct.pack("<IHH8B", 0xc1c41626, 0x504c, 0x4092, 0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28)
    hl = sha256 + struct.pack("<III", 28 + 2 * 48, 0, 48) + bytes(16) + hashlib.sha256(b"a").digest() + bytes(16) + hashlib.sha256(b"b").digest()
    esl = [rd("PK.esl"), rd("KEK.esl"), rd("db.esl"), rd("other.esl"), hl]
    for i, (a, b) in enumerate([(esl[0], esl[1]), (esl[2] + esl[4], esl[2]), (esl[4], esl[4] + esl[3]), (b"", esl[2])]):
        put(f"s{i}", bytes([len(a) * 255 // max(1, len(a) + len(b))]) + a + b)
elif kind == "varauth":
    def w(op, name):
        b = rd(name)
        return bytes([op]) + struct.pack("<H", len(b)) + b
    put("s0", w(0, "PK.auth") + w(1, "KEK.auth") + w(2, "db.auth") + w(0x82, "db_app.auth"))
    put("s1", w(0, "PK.auth") + w(1, "KEK_other.auth") + w(0, "PK_del.auth") + w(3, "db.auth"))
    put("s2", w(2, "db_other.auth") + w(0x82, "db_dup.auth"))
    put("s3", w(4, "Mine_A.auth") + w(4, "Mine_A2.auth") + w(4, "Mine_B.auth") +
        w(0x84, "Mine_app.auth") + w(4, "Mine_del.auth") + w(4, "Mine_Bnew.auth"))
elif kind == "sbkeys":
    def sec(*blobs):
        hdr = bytearray(b"CHVSBKEY" + struct.pack("<II", 1, 4) + bytes(32))
        pos, body = 48, b""
        for i, b in enumerate(blobs + (b"",) * (4 - len(blobs))):
            struct.pack_into("<II", hdr, 16 + 8 * i, pos if b else 0, len(b))
            body += b
            pos += len(b)
        return bytes(hdr) + body
    put("s0", sec(rd("PK.esl"), rd("KEK.esl"), rd("db.esl")))
    put("s1", sec(rd("PK.esl"), rd("KEK.esl"), rd("db.esl"), rd("other.esl")))
    put("s2", sec(b"", rd("KEK.esl"), rd("db.esl") + rd("other.esl")))
elif kind == "sbverify":
    def s(db, dbx, img):
        return struct.pack("<H", len(db)) + db + struct.pack("<H", len(dbx)) + dbx + img
    db, other = rd("db.esl"), rd("other.esl")
    for i, img in enumerate(["img_db.efi", "img_other.efi", "img_two.efi", "img_unsigned.efi"]):
        put(f"s{i}", s(db, b"", rd(img)))
    put("s4", s(db + other, other, rd("img_two.efi")))
PY
