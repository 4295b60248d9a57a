# efi/runtime/varstore.c: the UEFI variable store (UEFI 2.10 §8.2) as pure code in
# one arena: Get/GetNext/Set/QueryVariableInfo semantics, ExitBootServices,
# relocation of the arena, full store, set/delete cycles.
UNIT_TESTS += varstore
UNIT_SRCS_varstore := efi/runtime/varstore.c efi/runtime/varstore_auth.c crypto/siglist.c lib/log.c lib/fmt.c lib/err.c
