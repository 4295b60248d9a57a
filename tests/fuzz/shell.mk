# libFuzzer target for shell/parse.c and shell/path.c: a startup.nsh line
# from a disk is outside data. Words must stay inside the line; resolved
# paths are absolute, bounded, and free of "." and ".." components.
FUZZ_TARGETS += shell
FUZZ_SRCS_shell := tests/fuzz/fuzz_shell.c shell/parse.c shell/path.c lib/err.c
