# libFuzzer targets for crypto/ (the DER, X.509, PKCS#7 and Authenticode
# parsers and the RSA verification behind them):
#   x509          x509_parse, then x509_signed_by against itself
#   pkcs7         pkcs7_parse, the bag walk, pkcs7_verify against its first
#                 certificate (attached, then the input's tail as detached
#                 content), pkcs7_any_chain_cert, authenticode_spc_digest
#   authenticode  authenticode_digest (every algorithm) and
#                 authenticode_cert_table on PE files, then the signature
#                 in the table as the pkcs7 target reads it
CRYPTO_FUZZ_SRCS := $(sort $(wildcard crypto/*.c))
FUZZ_TARGETS += x509 pkcs7 authenticode
FUZZ_SRCS_x509 := tests/fuzz/fuzz_x509.c $(CRYPTO_FUZZ_SRCS)
FUZZ_SRCS_pkcs7 := tests/fuzz/fuzz_pkcs7.c $(CRYPTO_FUZZ_SRCS)
FUZZ_SRCS_authenticode := tests/fuzz/fuzz_authenticode.c $(CRYPTO_FUZZ_SRCS)

# Seeds (tests/fuzz/seeds_crypto.py): the unit tests' openssl and sbsign
# vectors (tests/unit/crypto.mk), the gnu-efi images of tests/unit/pe.mk,
# and the Debian-signed kernel, shim's Debian CA and Microsoft-signed shim
# when build/payloads has them (the unit tests' stamp asks for them).
CRYPTO_SEED_DEPS := tests/fuzz/seeds_crypto.py tests/fuzz/seedlib.py \
	$(BUILD)/unit/crypto/.stamp
$(BUILD)/fuzz/corpus/x509.made: $(CRYPTO_SEED_DEPS)
	$(call fuzz_seeds,python3 $< x509 $(wildcard $(BUILD)/unit/crypto/*.der) \
		$(wildcard build/payloads/shim-unsigned/usr/lib/shim/shimx64.efi))
$(BUILD)/fuzz/corpus/pkcs7.made: $(CRYPTO_SEED_DEPS)
	$(call fuzz_seeds,python3 $< pkcs7 $(BUILD)/unit/crypto/p7_*.der \
		$(wildcard $(BUILD)/unit/crypto/db.auth) \
		$(BUILD)/unit/crypto/hello.signed.efi \
		$(wildcard build/payloads/linux-image-*-amd64/boot/vmlinuz-* \
			build/payloads/shim-signed/usr/lib/shim/shimx64.efi.signed))
$(BUILD)/fuzz/corpus/authenticode.made: $(CRYPTO_SEED_DEPS) $(PE_APPS)
	$(call fuzz_seeds,python3 $< authenticode $(PE_APPS) \
		$(BUILD)/unit/crypto/hello.signed.efi)
