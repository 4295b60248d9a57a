#!/usr/bin/env python3
"""Seeds for the shell fuzz target (fuzz_shell.c: one command line,
tokenised, each word resolved as a path): the lines of the scripted
session tests/qemu/t_shell.sh types, and the tokeniser's cases in
tests/unit/test_shell.c (quotes, ^ escapes, comments, volume prefixes,
. and .. components), read out of those files.

  seeds_shell.py shell T_SHELL_SH TEST_SHELL_C DIR
"""
import re

from seedlib import args, write


def session_lines(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<<'SCRIPT'\n(.*?)\nSCRIPT\n", text, flags=re.S)
    return m.group(1).split("\n") if m else []


def unit_strings(path):
    """The first string argument of each words()/resolves() call."""
    text = open(path, encoding="utf-8").read()
    out = []
    for m in re.finditer(r'\b(?:words|resolves)\("((?:[^"\\]|\\.)*)"(?:, "((?:[^"\\]|\\.)*)")?',
                         text):
        for g in m.groups():
            if g is not None:
                out.append(re.sub(r'\\(.)', r'\1', g))
    return out


target, (t_shell, test_shell), out = args()
lines = [l for l in session_lines(t_shell) + unit_strings(test_shell) if l]
for i, line in enumerate(dict.fromkeys(lines)):
    write(out, f"line-{i:02d}", line.encode())
