# crypto/: hashes against FIPS 180-4 / NIST CAVP vectors; RSA, X.509,
# PKCS#7 and Authenticode against keys, certificates, signatures and a
# signed EFI application made at test time by tests/unit/crypto_vectors.sh
# (openssl, sbsign) into build/unit/crypto/; and against the Debian-signed
# kernel with shim's Debian CA and Microsoft-signed shim (shim-signed),
# which tests/qemu/payloads.sh fetches into build/payloads (offline, those
# tests skip). Run from the repo root.
CRYPTO_SRCS := $(sort $(wildcard crypto/*.c))

UNIT_TESTS += crypto_hash crypto_rsa crypto_pkcs7 crypto_authenticode
UNIT_SRCS_crypto_hash := $(CRYPTO_SRCS)
UNIT_SRCS_crypto_rsa := $(CRYPTO_SRCS)
UNIT_SRCS_crypto_pkcs7 := $(CRYPTO_SRCS)
UNIT_SRCS_crypto_authenticode := $(CRYPTO_SRCS)

CRYPTO_VEC := $(BUILD)/unit/crypto
CRYPTO_STAMP := $(CRYPTO_VEC)/.stamp
$(CRYPTO_STAMP): tests/unit/crypto_vectors.sh tests/unit/authenticode.py \
		tests/unit/crypto.mk $(BUILD)/unit/pe/hello.efi
	@echo "  VECTORS $(CRYPTO_VEC)"
	@tests/unit/crypto_vectors.sh $(CRYPTO_VEC) $(BUILD)/unit/pe/hello.efi && touch $@
	@for p in kernel shim shimsigned; do tests/qemu/payloads.sh $$p >/dev/null 2>&1 || \
		echo "  (no $$p payload: its crypto tests skip)"; done

$(BUILD)/unit/test_crypto_rsa $(BUILD)/unit/test_crypto_pkcs7 \
	$(BUILD)/unit/test_crypto_authenticode: $(CRYPTO_STAMP)
