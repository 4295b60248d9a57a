# libFuzzer target for pci/cap.c: the standard and extended capability
# lists of one function whose configuration space is the input, read
# through pci/cfg.c (tests/fuzz/fuzz_pci_space.c).
FUZZ_TARGETS += pci_cap
FUZZ_SRCS_pci_cap := tests/fuzz/fuzz_pci_cap.c tests/fuzz/fuzz_pci_space.c \
	pci/cap.c pci/cfg.c pci/root.c pci/dev.c lib/log.c lib/fmt.c lib/err.c

# Seeds: configuration spaces of the functions QEMU and Cloud Hypervisor
# show (tests/fuzz/seeds_pci.py), shared with virtio_pci.
$(BUILD)/fuzz/corpus/pci_cap.made: tests/fuzz/seeds_pci.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< pci_cap)
