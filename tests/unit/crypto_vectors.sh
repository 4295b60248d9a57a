#!/usr/bin/env bash
# Test vectors for tests/unit/test_crypto_*.c, made at test time with
# openssl and sbsign into OUT (build/unit/crypto):
#   keys and certificates (DER): root (RSA 2048, self-signed, SHA-256),
#     inter (RSA 3072, CA, signed by root with SHA-384), leaf (RSA 2048,
#     signed by inter, SHA-256), leaf4k (RSA 4096, signed by root, SHA-512),
#     leaf1 (RSA 2048, signed by root with SHA-1), other (an unrelated
#     self-signed root), e3 (self-signed, public exponent 3), ec (an ECDSA
#     certificate, which we do not verify)
#   data.bin and PKCS#1 v1.5 signatures of it: data.<hash>.sig (leaf),
#     data.4k.sig (leaf4k, SHA-512), data.3k.sig (inter, SHA-384),
#     data.e3.sig (e3, SHA-256)
#   PKCS#7 SignedData of data.bin (openssl smime/cms, DER):
#     p7_att_attr / p7_att_noattr   content inside, with/without attributes
#     p7_det_attr / p7_det_noattr   detached
#     p7_4k_sha512                  leaf4k, SHA-512, no intermediate needed
#     p7_nointer                    leaf without inter in the bag
#     p7_keyid                      signer named by subject key identifier
#   db.auth, db.bundle: an authenticated variable update made by efitools'
#     sign-efi-sig-list (bare SignedData, detached) and the bytes it signs
#   hello.signed.efi: IMAGE (a gnu-efi app) signed by sbsign with leaf,
#     inter added; hello.signed.sha256/.sha1: its Authenticode digests by
#     tests/unit/authenticode.py (an independent hasher).
# When openssl (or python3) is missing, OUT/MISSING names it and every
# test that needs a vector skips; without sbsign only the signed-image
# tests skip (their file is absent and MISSING says why); without efitools
# the authenticated-variable test skips.
#   tests/unit/crypto_vectors.sh OUT IMAGE
set -euo pipefail
out=${1:?usage: crypto_vectors.sh OUT IMAGE}
image=${2:?usage: crypto_vectors.sh OUT IMAGE}
rm -rf "$out"
mkdir -p "$out"
cd "$out"
for tool in openssl python3; do
	if ! command -v $tool >/dev/null; then
		echo "$tool" >MISSING
		echo "crypto_vectors: $tool missing: crypto tests will skip" >&2
		exit 0
	fi
done

ext_ca=$'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\nsubjectKeyIdentifier=hash'
ext_leaf=$'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=codeSigning\nsubjectKeyIdentifier=hash'
key() { openssl genrsa -out "$1.key" "$2" 2>/dev/null; }
# cert NAME CN ISSUER HASH EXT [SERIAL]: NAME.pem/.der signed by ISSUER
# (self when ISSUER is NAME).
cert() {
	local n=$1 cn=$2 iss=$3 md=$4 ext=$5 serial=${6:-$RANDOM}
	openssl req -new -key "$n.key" -subj "/O=cloudhv-fw test/CN=$cn" -out "$n.csr"
	if [[ $iss == "$n" ]]; then
		openssl x509 -req -in "$n.csr" -signkey "$n.key" -"$md" -days 3650 \
			-set_serial "$serial" -extfile <(echo "$ext") -out "$n.pem" 2>/dev/null
	else
		openssl x509 -req -in "$n.csr" -CA "$iss.pem" -CAkey "$iss.key" -"$md" \
			-days 3650 -set_serial "$serial" -extfile <(echo "$ext") \
			-out "$n.pem" 2>/dev/null
	fi
	openssl x509 -in "$n.pem" -outform DER -out "$n.der"
}
key root 2048; cert root "Test Root" root sha256 "$ext_ca" 1
key inter 3072; cert inter "Test Intermediate" root sha384 "$ext_ca" 2
key leaf 2048; cert leaf "Test Leaf" inter sha256 "$ext_leaf" 3
key leaf4k 4096; cert leaf4k "Test Leaf 4096" root sha512 "$ext_leaf" 4
key leaf1 2048; cert leaf1 "Test Leaf SHA-1" root sha1 "$ext_leaf" 5
key other 2048; cert other "Test Root" other sha256 "$ext_ca" 1
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	-pkeyopt rsa_keygen_pubexp:3 -out e3.key 2>/dev/null
cert e3 "Test Exponent 3" e3 sha256 "$ext_leaf" 7
openssl ecparam -name prime256v1 -genkey -noout -out ec.key
cert ec "Test ECDSA" ec sha256 "$ext_leaf" 6

head -c 1000 /dev/urandom >data.bin
for md in sha1 sha256 sha384 sha512; do
	openssl dgst -"$md" -sign leaf.key -out "data.$md.sig" data.bin
done
openssl dgst -sha512 -sign leaf4k.key -out data.4k.sig data.bin
openssl dgst -sha384 -sign inter.key -out data.3k.sig data.bin
openssl dgst -sha256 -sign e3.key -out data.e3.sig data.bin

sm() { openssl smime -sign -binary -outform DER -in data.bin -md sha256 "$@"; }
sm -nodetach -signer leaf.pem -inkey leaf.key -certfile inter.pem -out p7_att_attr.der
sm -nodetach -noattr -signer leaf.pem -inkey leaf.key -certfile inter.pem -out p7_att_noattr.der
sm -signer leaf.pem -inkey leaf.key -certfile inter.pem -out p7_det_attr.der
sm -noattr -signer leaf.pem -inkey leaf.key -certfile inter.pem -out p7_det_noattr.der
sm -nodetach -signer leaf.pem -inkey leaf.key -out p7_nointer.der
openssl cms -sign -binary -nodetach -outform DER -in data.bin -md sha512 \
	-signer leaf4k.pem -inkey leaf4k.key -out p7_4k_sha512.der
openssl cms -sign -binary -nodetach -outform DER -in data.bin -md sha256 -keyid \
	-signer leaf.pem -inkey leaf.key -out p7_keyid.der

rm -f ./*.csr
# An authenticated variable (efitools): db.auth is an
# EFI_VARIABLE_AUTHENTICATION_2 for db holding the leaf, signed by root
# (a bare SignedData over detached data); db.bundle is what was signed.
if command -v sign-efi-sig-list >/dev/null; then
	ts="2026-01-01 00:00:00"
	cert-to-efi-sig-list -g 11111111-2222-3333-4444-555555555555 leaf.pem db.esl
	sign-efi-sig-list -t "$ts" -c root.pem -k root.key db db.esl db.auth >/dev/null
	sign-efi-sig-list -o -t "$ts" db db.esl db.bundle >/dev/null
fi
if ! command -v sbsign >/dev/null; then
	echo sbsign >MISSING
	echo "crypto_vectors: sbsign missing: the signed-image tests will skip" >&2
	exit 0
fi
sbsign --key leaf.key --cert leaf.pem --addcert inter.pem \
	--output hello.signed.efi "$OLDPWD/$image" 2>/dev/null
python3 "$OLDPWD/tests/unit/authenticode.py" sha256 hello.signed.efi >hello.signed.sha256
python3 "$OLDPWD/tests/unit/authenticode.py" sha1 hello.signed.efi >hello.signed.sha1
