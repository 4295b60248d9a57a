# libFuzzer target for efi/runtime/varstore.c: the input is a script of
# SetVariable/GetVariable/GetNextVariableName/QueryVariableInfo calls,
# ExitBootServices and arena relocations; the store must stay consistent
# (varstore_check) and agree with a shadow model of its variables.
FUZZ_TARGETS += varstore
FUZZ_SRCS_varstore := tests/fuzz/fuzz_varstore.c efi/runtime/varstore.c efi/runtime/varstore_auth.c crypto/siglist.c lib/log.c \
	lib/fmt.c lib/err.c

# Seeds: tests/fuzz/seeds_efi.py.
$(BUILD)/fuzz/corpus/varstore.made: tests/fuzz/seeds_efi.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< varstore)
