# libFuzzer target for tpm/tpm2_cmd.c: TPM 2.0 responses (the header,
# GetCapability of PCR banks and properties, PCR_Read) from a device.
FUZZ_TARGETS += tpm
FUZZ_SRCS_tpm := tests/fuzz/fuzz_tpm.c tpm/tpm2_cmd.c lib/err.c

# Seeds: responses shaped as swtpm's (tests/fuzz/seeds_tpm.py).
$(BUILD)/fuzz/corpus/tpm.made: tests/fuzz/seeds_tpm.py
	$(call fuzz_seeds,python3 $<)
