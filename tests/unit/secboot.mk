# Secure Boot's pure parts, on keys and signed updates made at test time
# by tests/unit/secboot_vectors.sh (openssl + efitools) in build/unit/secboot:
#   siglist  crypto/siglist.c: EFI_SIGNATURE_LIST framing (hostile lists),
#            walker, lookups, the APPEND_WRITE merge
#   varauth  efi/runtime/varauth.c on the store: EFI_VARIABLE_AUTHENTICATION_2,
#            Setup/User Mode, PK/KEK/db signers, timestamps, appends, PK
#            deletion, after ExitBootServices; and efi/runtime/sbkeys.c
SB_VEC := $(BUILD)/unit/secboot/made
$(SB_VEC): tests/unit/secboot_vectors.sh
	@echo "  KEYS    $(@D)"; tests/unit/secboot_vectors.sh $(@D) >/dev/null

SB_CRYPTO := $(wildcard crypto/*.c)
UNIT_TESTS += siglist varauth
UNIT_SRCS_siglist := $(SB_CRYPTO) lib/err.c
UNIT_SRCS_varauth := efi/runtime/varauth.c efi/runtime/varcert.c efi/runtime/varstore.c efi/runtime/varstore_auth.c \
	efi/runtime/sbkeys.c $(SB_CRYPTO) lib/err.c
#   varpriv  efi/runtime/varauth.c's private time-based variables and their
#            signer records (efi/runtime/varcert.c): owner, timestamps,
#            appends, deletion, hostile writes, a full store, at runtime
UNIT_TESTS += varpriv
UNIT_SRCS_varpriv := $(UNIT_SRCS_varauth)
$(BUILD)/unit/test_siglist $(BUILD)/unit/test_varauth $(BUILD)/unit/test_varpriv: $(SB_VEC)

#   sbverify efi/image/sbverify.c: the image verdict on sbsign-signed copies
#            of the pe test's hello.efi (tests/unit/secboot_images.sh): db
#            signer, outsider, two signatures, dbx by hash/cert/TBS hash,
#            db by hash, tampered images, hostile certificate tables
SB_IMG := $(BUILD)/unit/secboot/images.made
$(SB_IMG): tests/unit/secboot_images.sh $(SB_VEC) $(BUILD)/unit/pe/hello.efi
	tests/unit/secboot_images.sh $(@D) $(BUILD)/unit/pe/hello.efi
UNIT_TESTS += sbverify
UNIT_SRCS_sbverify := efi/image/sbverify.c $(SB_CRYPTO) lib/err.c
$(BUILD)/unit/test_sbverify: $(SB_IMG)
