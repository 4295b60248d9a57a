# libFuzzer target for pci/window.c: the PCI windows derived from the
# VMM's memory map, MCFG and address width (tests/fuzz/fuzz_pci_window.c).
FUZZ_TARGETS += pci_window
FUZZ_SRCS_pci_window := tests/fuzz/fuzz_pci_window.c pci/window.c \
	lib/log.c lib/fmt.c lib/err.c

# Seeds: the maps of qboot on q35, SeaBIOS on pc and Cloud Hypervisor
# (tests/fuzz/seeds_pci_window.py).
$(BUILD)/fuzz/corpus/pci_window.made: tests/fuzz/seeds_pci_window.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< pci_window)
