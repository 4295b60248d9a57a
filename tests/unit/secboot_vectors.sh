#!/usr/bin/env bash
# Makes the Secure Boot key hierarchy the varauth/siglist/sbkeys unit tests
# read, into DIR (build/unit/secboot): self-signed RSA-2048 PK, KEK, db and
# an outsider ("other") made by openssl, their EFI signature lists by
# efitools' cert-to-efi-sig-list, and signed updates (.auth,
# EFI_VARIABLE_AUTHENTICATION_2) by sign-efi-sig-list:
#   PK.auth        PK.esl signed by PK (t1)
#   KEK.auth       KEK.esl signed by PK (t2)      KEK_other.auth: by other
#   db.auth        db.esl signed by KEK (t3)      db_other.auth: by other
#   db_pk.auth     db.esl signed by PK (t4)       db_old.auth: KEK, t1 < t3
#   db_app.auth    APPEND of other.esl (KEK, t5)  db_dup.auth: APPEND of
#                  db.esl again (KEK, t2: older, appends keep the later)
#   PK_del.auth    an empty PK signed by PK (t6): deletes PK
#   PK_new.auth    other.esl as PK signed by other (t7), for Setup Mode
#   tbs.sha256     SHA-256 of db.crt's TBSCertificate (python hashlib)
# and a private time-based variable "Mine" (vendor GUID $owner, §8.2.3),
# key A = db, key B = other:
#   Mine_A.auth    "hello" by A (t1)            Mine_A2.auth: "world!" by A (t3)
#   Mine_Aold.auth "world!" by A (t2 < t3)      Mine_B.auth: "world!" by B (t4)
#   Mine_app.auth  APPEND "world!" by A (t2)    Mine_del.auth: empty, by A (t5)
#   Mine_Bnew.auth "hello" by B (t6), after the deletion
set -euo pipefail
dir=${1:?usage: secboot_vectors.sh DIR}
mkdir -p "$dir"
cd "$dir"
owner=11111111-2222-3333-4444-555555555555
for n in PK KEK db other; do
	openssl req -new -x509 -newkey rsa:2048 -nodes -subj "/CN=cloudhv-fw test $n/" \
		-keyout $n.key -out $n.crt -days 3650 -sha256 2>/dev/null
	openssl x509 -in $n.crt -outform DER -out $n.der
	cert-to-efi-sig-list -g $owner $n.crt $n.esl
done
sign() { # sign VAR ESL OUT KEY TIME [APPEND]
	sign-efi-sig-list ${6:+-a} -t "$5" -k "$4.key" -c "$4.crt" "$1" "$2" "$3" >/dev/null
}
t1="2024-01-01 00:00:00" t2="2024-01-02 00:00:00" t3="2024-01-03 00:00:00"
t4="2024-01-04 00:00:00" t5="2024-01-05 00:00:00" t6="2024-01-06 00:00:00"
t7="2024-01-07 00:00:00"
sign PK PK.esl PK.auth PK "$t1"
sign KEK KEK.esl KEK.auth PK "$t2"
sign KEK KEK.esl KEK_other.auth other "$t2"
sign db db.esl db.auth KEK "$t3"
sign db db.esl db_other.auth other "$t3"
sign db db.esl db_pk.auth PK "$t4"
sign db db.esl db_old.auth KEK "$t1"
sign db other.esl db_app.auth KEK "$t5" a
sign db db.esl db_dup.auth KEK "$t2" a
: >empty.esl
sign PK empty.esl PK_del.auth PK "$t6"
sign PK other.esl PK_new.auth other "$t7"
printf hello >mine.dat
printf 'world!' >mine2.dat
mine() { # mine DATA OUT KEY TIME [APPEND]
	sign-efi-sig-list ${5:+-a} -g $owner -t "$4" -k "$3.key" -c "$3.crt" Mine "$1" "$2" >/dev/null
}
mine mine.dat Mine_A.auth db "$t1"
mine mine2.dat Mine_A2.auth db "$t3"
mine mine2.dat Mine_Aold.auth db "$t2"
mine mine2.dat Mine_B.auth other "$t4"
mine mine2.dat Mine_app.auth db "$t2" a
mine empty.esl Mine_del.auth db "$t5"
mine mine.dat Mine_Bnew.auth other "$t6"
python3 - <<'PY'
import hashlib
d = open("db.der", "rb").read()
# Certificate ::= SEQUENCE { tbsCertificate, ... }: the first element.
i = 2 + (d[1] & 0x7f if d[1] & 0x80 else 0)
n = d[i + 1]
if n & 0x80:
    k = n & 0x7f
    n = int.from_bytes(d[i + 2:i + 2 + k], "big") + 2 + k
else:
    n += 2
open("tbs.sha256", "wb").write(hashlib.sha256(d[i:i + n]).digest())
PY
touch made
