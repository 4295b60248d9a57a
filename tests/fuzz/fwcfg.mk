# libFuzzer target for hwinfo/fwcfg_dir.c (the fw_cfg file directory) and
# hwinfo/fwcfg_items.c (etc/extra-pci-roots): see tests/fuzz/fuzz_fwcfg_dir.c.
FUZZ_TARGETS += fwcfg_dir
FUZZ_SRCS_fwcfg_dir := tests/fuzz/fuzz_fwcfg_dir.c hwinfo/fwcfg_dir.c \
	hwinfo/fwcfg_items.c lib/log.c lib/fmt.c lib/err.c

# Seeds: directories as QEMU and Cloud Hypervisor list their files, and
# damaged ones (tests/fuzz/seeds_hwinfo.py).
$(BUILD)/fuzz/corpus/fwcfg_dir.made: tests/fuzz/seeds_hwinfo.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< fwcfg_dir)
