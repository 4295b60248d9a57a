# libFuzzer target for tpm/tpm2_cmd.c: TPM 2.0 responses (the header,
# GetCapability of PCR banks and properties, PCR_Read) from a device,
# and the GPT a disk gives for EV_EFI_GPT_EVENT (tpm/tcg_gpt.c).
FUZZ_TARGETS += tpm
FUZZ_SRCS_tpm := tests/fuzz/fuzz_tpm.c tpm/tpm2_cmd.c tpm/tcg_gpt.c fs/crc32.c \
	lib/err.c

# Seeds: responses shaped as swtpm's and a small GPT (tests/fuzz/seeds_tpm.py).
$(BUILD)/fuzz/corpus/tpm.made: tests/fuzz/seeds_tpm.py
	$(call fuzz_seeds,python3 $<)
