# Seeds of the device-path targets (dp_parse, dp_fmt, trace, loadopt,
# devpath_util): the texts of tests/unit/test_dp_parse.c, parsed into
# binary paths and load options by the host helper tests/fuzz/seed_dp.c
# (linked with the firmware's parser and load-option builder).
SEED_DP := $(BUILD)/fuzz/seed_dp
SEED_DP_SRCS := tests/fuzz/seed_dp.c efi/devpath/dp_parse.c \
	efi/devpath/dp_parse_nodes.c efi/devpath/dp_parse_ext.c efi/devpath/dp_fmt.c \
	efi/devpath/dp_fmt_nodes.c efi/devpath/dp_fmt_msg.c efilib/loadopt.c \
	efilib/dp_walk.c
$(SEED_DP): $(SEED_DP_SRCS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"; $(HOST_CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Wno-unused-parameter -I. \
		-DHOST_TEST -DGNU_EFI_USE_MS_ABI -fshort-wchar -isystem /usr/include/efi \
		-isystem /usr/include/efi/x86_64 $^ -o $@

DP_SEED_TARGETS := dp_parse dp_fmt trace loadopt devpath_util
$(DP_SEED_TARGETS:%=$(BUILD)/fuzz/corpus/%.made): $(BUILD)/fuzz/corpus/%.made: \
		tests/fuzz/seeds_dp.py tests/fuzz/seedlib.py $(SEED_DP) \
		tests/unit/test_dp_parse.c
	$(call fuzz_seeds,python3 $< $* $(SEED_DP) tests/unit/test_dp_parse.c)
