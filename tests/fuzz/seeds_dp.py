#!/usr/bin/env python3
"""Seeds for the device-path fuzz targets (dp_parse, dp_fmt, trace,
loadopt, devpath_util): the texts of tests/unit/test_dp_parse.c (every
node form the parser and formatter know, alternative spellings, multi-
instance paths), read out of its string tables so the two stay one list,
and turned into binary paths by the firmware's own parser through the
host helper tests/fuzz/seed_dp.c.

  seeds_dp.py TARGET HELPER TEST_DP_PARSE_C DIR
"""
import re
import subprocess

from seedlib import args

LITERAL = r'"(?:[^"\\]|\\.)*"'
TOKEN = rf'(?:{LITERAL}|\bG\b)'


def unescape(lit):
    return re.sub(r'\\(x[0-9a-fA-F]{2}|.)',
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "x"
                  else m.group(1), lit[1:-1])


def texts(source):
    """The strings of the test's tables (adjacent literals and the G macro
    joined as C joins them), in order, each once."""
    src = open(source, encoding="utf-8").read()
    guid = unescape(re.search(rf'#define G ({LITERAL})', src).group(1))
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    out = []
    for table in ("forms", "spellings", "bad"):
        m = re.search(rf"\b{table}\[\]\s*=\s*\{{(.*?)\n\}};", src, flags=re.S)
        if not m:
            continue
        for seq in re.finditer(rf"{TOKEN}(?:\s*{TOKEN})*", m.group(1)):
            s = "".join(guid if t == "G" else unescape(t)
                        for t in re.findall(TOKEN, seq.group(0)))
            if s and "\n" not in s and s not in out:
                out.append(s)
    return out


target, (helper, source), out = args()
subprocess.run([helper, target, out], input="\n".join(texts(source)) + "\n",
               text=True, check=True)
