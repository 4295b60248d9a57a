# libFuzzer target for shell/parse.c and shell/path.c: a startup.nsh line
# from a disk is outside data. Words must stay inside the line; resolved
# paths are absolute, bounded, and free of "." and ".." components.
FUZZ_TARGETS += shell
FUZZ_SRCS_shell := tests/fuzz/fuzz_shell.c shell/parse.c shell/path.c lib/err.c

# Seeds: the QEMU test's scripted session and the unit test's lines
# (tests/fuzz/seeds_shell.py).
$(BUILD)/fuzz/corpus/shell.made: tests/fuzz/seeds_shell.py tests/fuzz/seedlib.py \
		tests/qemu/t_shell.sh tests/unit/test_shell.c
	$(call fuzz_seeds,python3 $< shell tests/qemu/t_shell.sh tests/unit/test_shell.c)
