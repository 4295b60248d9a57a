# libFuzzer targets for Secure Boot's parsers of outside data:
#   siglist  crypto/siglist.c: EFI_SIGNATURE_LIST framing, walker, lookups
#            and the APPEND merge (tests/fuzz/fuzz_siglist.c)
#   varauth  EFI_VARIABLE_AUTHENTICATION_2 and the key hierarchy on the
#            store (efi/runtime/varauth.c, tests/fuzz/fuzz_varauth.c)
#   sbkeys   the embedded keys' section (efi/runtime/sbkeys.c) and their
#            installation (tests/fuzz/fuzz_sbkeys.c)
#   sbverify the image verdict (efi/image/sbverify.c): certificate table,
#            signatures, db/dbx lookups (tests/fuzz/fuzz_sbverify.c)
# Seeds: tests/fuzz/seeds_secboot.sh, from efitools-made keys and updates.
SB_FUZZ_CRYPTO := $(wildcard crypto/*.c)
FUZZ_TARGETS += siglist varauth sbverify sbkeys
FUZZ_SRCS_siglist := tests/fuzz/fuzz_siglist.c $(SB_FUZZ_CRYPTO) lib/err.c
FUZZ_SRCS_varauth := tests/fuzz/fuzz_varauth.c efi/runtime/varauth.c \
	efi/runtime/varcert.c efi/runtime/varstore.c efi/runtime/varstore_auth.c $(SB_FUZZ_CRYPTO) lib/err.c

FUZZ_SRCS_sbkeys := tests/fuzz/fuzz_sbkeys.c efi/runtime/sbkeys.c \
	efi/runtime/varauth.c efi/runtime/varcert.c efi/runtime/varstore.c efi/runtime/varstore_auth.c \
	$(SB_FUZZ_CRYPTO) lib/err.c
FUZZ_SRCS_sbverify := tests/fuzz/fuzz_sbverify.c efi/image/sbverify.c \
	$(SB_FUZZ_CRYPTO) lib/err.c

$(BUILD)/fuzz/corpus/siglist.made $(BUILD)/fuzz/corpus/varauth.made \
$(BUILD)/fuzz/corpus/sbverify.made $(BUILD)/fuzz/corpus/sbkeys.made: \
		tests/fuzz/seeds_secboot.sh scripts/enroll-keys \
		tests/unit/secboot_vectors.sh $(SB_IMG)
	$(call fuzz_seeds,tests/fuzz/seeds_secboot.sh $(notdir $(@:.made=)))
