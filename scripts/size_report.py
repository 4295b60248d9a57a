#!/usr/bin/env python3
"""make size: where the loaded bytes of the firmware ELF come from.

    scripts/size_report.py [options] ELF MAP OBJROOT

Reads the GNU ld map MAP of ELF (ld -Map) and attributes every input section
that lands in a PT_LOAD segment to the source folder of its object file:
OBJROOT/efi/core/x.o counts for efi/core and for efi, at any depth, so new
folders and sub-folders need no change here. An input object X.o for which
a map X.map exists is itself a relocatable link (ld -r -Map=X.map, the
runtime region build/fw/rt.o): its sections are attributed through that map
to the objects under X/ (a section merged from several objects there is
shared in proportion to their sizes).

Columns: text (.text*), rodata (.rodata*, notes), data (initialised data,
and any zeroes the ELF stores in the file, such as the runtime region's
.bss), bss (NOBITS: zeroed by the entry stub or never cleared). The *fill*
the linker puts before an input section for its alignment counts for the
folder of that section. Bytes of a PT_LOAD segment that no input section
covers (ALIGN(4096) between and inside output sections) form the row
"(page alignment)", so the total is exactly the segments' p_memsz, and
text+rodata+data is exactly their p_filesz.

Options:
  --files          also list each object file under its folder
  --sort image     sort by image bytes (text+rodata+data) instead of total
  --top N          also list the N largest input sections (functions, objects)
  --budget N       fail (exit 1) when the image, text+rodata+data without
                   page alignment, exceeds N bytes
  --bss-budget N   the same for bss without page alignment
  --quiet          with a budget: print only the verdict
"""
import argparse
import os
import re
import signal
import subprocess
import sys

COLS = ("text", "rodata", "data", "bss")
PAGE_ALIGN = "(page alignment)"
LINKER = "(top level)"  # objects directly in OBJROOT
OTHER = "(other objects)"  # not under OBJROOT: libraries, stale paths

OUT_SEC = re.compile(r"^(\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+))?\s*$")
IN_SEC = re.compile(r"^ (\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)(?:\s+(\S.*))?)?\s*$")
CONT = re.compile(r"^\s{10,}0x([0-9a-f]+)\s+0x([0-9a-f]+)(?:\s+(\S.*))?\s*$")


def parse_map(path):
    """Input sections of a GNU ld map, in address order of the file:
    dicts with out (output section), name, addr, size, file (None for
    *fill*). Only the "Linker script and memory map" part is read."""
    with open(path) as f:
        lines = f.read().splitlines()
    try:
        start = lines.index("Linker script and memory map") + 1
    except ValueError:
        sys.exit(f"{path}: not a GNU ld map (no 'Linker script and memory map')")
    secs, outs, out, pending = [], {}, None, None
    for line in lines[start:]:
        if pending is not None:
            m = CONT.match(line)
            pending_kind, pname = pending
            pending = None
            if m:
                if pending_kind == "out":
                    out = pname
                    outs[out] = int(m.group(1), 16) + int(m.group(2), 16)
                else:
                    secs.append(dict(out=out, name=pname, addr=int(m.group(1), 16),
                                     size=int(m.group(2), 16), file=m.group(3)))
                continue
            if pending_kind == "out":
                out = pname  # an output section without address (empty)
        if not line or line.startswith("LOAD ") or line.startswith("OUTPUT("):
            continue
        if not line[0].isspace():
            m = OUT_SEC.match(line)
            if not m:
                continue
            if m.group(2) is None:
                pending = ("out", m.group(1))
            else:
                out = m.group(1)
                outs[out] = int(m.group(2), 16) + int(m.group(3), 16)
            continue
        m = IN_SEC.match(line)
        if not m or m.group(1).startswith("*(") or "(" in m.group(1) and m.group(1) != "*fill*":
            continue
        name = m.group(1)
        if m.group(2) is None:
            pending = ("in", name)
            continue
        file = m.group(4)
        if name == "*fill*":
            file = None
        secs.append(dict(out=out, name=name, addr=int(m.group(2), 16),
                         size=int(m.group(3), 16), file=file))
    return clip(secs, outs)


def clip(secs, outs):
    """Merged string sections (SHF_MERGE) are listed with their size before
    merging and may overlap what follows; each input section keeps only the
    bytes up to the next one (and to the end of its output section), so the
    sections tile their output section without double counting."""
    for i, s in enumerate(secs):
        end = outs.get(s["out"], s["addr"] + s["size"])
        for t in secs[i + 1:]:
            if t["out"] != s["out"]:
                break
            if t["size"]:
                end = min(end, max(t["addr"], s["addr"]))
                break
        s["size"] = max(0, min(s["size"], end - s["addr"]))
    return secs


def readelf(elf, flag):
    try:
        return subprocess.run(["readelf", "-W", flag, elf], check=True,
                              capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"readelf {flag} {elf}: {e}")


def load_segments(elf):
    segs = []
    for line in readelf(elf, "-l").splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            segs.append(dict(vaddr=int(f[2], 16), filesz=int(f[4], 16),
                             memsz=int(f[5], 16), flags=" ".join(f[6:-1])))
    if not segs:
        sys.exit(f"{elf}: no PT_LOAD segment")
    return segs


def nobits_sections(elf):
    names = set()
    for line in readelf(elf, "-S").splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+NOBITS\s", line)
        if m:
            names.add(m.group(1))
    return names


def category(name, nobits):
    if name.startswith(".text"):
        return "text"
    if name.startswith(".rodata") or name.startswith(".note"):
        return "rodata"
    if name.startswith(".bss") or name == "COMMON" or nobits:
        return "bss" if nobits else "data"  # zeroes kept in the file are data
    return "data"


class Attributor:
    """Maps an object file of the final link to the source files behind it."""

    def __init__(self, objroot):
        self.objroot = os.path.normpath(objroot)
        self.sub = {}  # relocatable object -> {section name: [(source, size)]}

    def source(self, obj, root=None):
        root = root or self.objroot
        rel = os.path.relpath(os.path.normpath(obj), root)
        if rel.startswith(".."):
            return None
        return rel[:-2] if rel.endswith(".o") else rel

    def parts(self, obj, section, size):
        """[(source path, bytes)] for `size` bytes of `section` of `obj`."""
        if obj not in self.sub:
            mapf = obj[:-2] + ".map" if obj.endswith(".o") else None
            self.sub[obj] = None
            if mapf and os.path.exists(mapf):
                by_out = {}
                for s in parse_map(mapf):
                    if s["file"] and s["size"]:
                        by_out.setdefault(s["out"], []).append(
                            (self.source(s["file"], obj[:-2]) or OTHER, s["size"]))
                self.sub[obj] = by_out
        by_out = self.sub[obj]
        if by_out is None or section not in by_out:
            return [(self.source(obj) or OTHER, size)]
        contrib = by_out[section]
        whole = sum(n for _, n in contrib)
        res, left = [], size
        for i, (src, n) in enumerate(contrib):
            share = left if i == len(contrib) - 1 else size * n // whole
            res.append((src, share))
            left -= share
        return res


def folders(src):
    """efi/core/x -> ['efi', 'efi/core']; an object directly in OBJROOT -> [LINKER]."""
    d = os.path.dirname(src)
    if not d or src.startswith("("):
        return [src if src.startswith("(") else LINKER]
    p = d.split("/")
    return ["/".join(p[:i]) for i in range(1, len(p) + 1)]


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # make size | head
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("elf")
    ap.add_argument("map")
    ap.add_argument("objroot")
    ap.add_argument("--files", action="store_true")
    ap.add_argument("--sort", choices=("total", "image"), default="total")
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("--budget", type=int)
    ap.add_argument("--bss-budget", type=int)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()

    segs = load_segments(a.elf)
    nobits = nobits_sections(a.elf)
    attr = Attributor(a.objroot)

    rows = {}      # folder or file -> {col: bytes}
    kind = {}      # row -> "dir" | "file"
    items = []     # (bytes, col, section, source) for --top
    covered = [dict(file=0, mem=0) for _ in segs]

    def add(row, col, n, k):
        rows.setdefault(row, dict.fromkeys(COLS, 0))[col] += n
        kind.setdefault(row, k)

    secs = parse_map(a.map)
    for i, s in enumerate(secs):
        if not s["size"]:
            continue
        seg = next((j for j, g in enumerate(segs)
                    if g["vaddr"] <= s["addr"] < g["vaddr"] + g["memsz"]), None)
        if seg is None:
            continue
        g = segs[seg]
        if s["addr"] + s["size"] > g["vaddr"] + g["memsz"]:
            sys.exit(f"{a.map}: {s['name']} at {s['addr']:#x} runs past its PT_LOAD")
        in_file = s["addr"] < g["vaddr"] + g["filesz"]
        covered[seg]["file" if in_file else "mem"] += s["size"]
        if s["file"] is None:  # *fill*: for the next input section's alignment
            nxt = next((t for t in secs[i + 1:] if t["file"] and t["size"]), None)
            if nxt is None or nxt["out"] != s["out"]:  # trailing: alignment
                covered[seg]["file" if in_file else "mem"] -= s["size"]
                continue
            owner = nxt
        else:
            owner = s
        col = category(owner["name"], owner["out"] in nobits)
        for src, n in attr.parts(owner["file"], owner["name"], s["size"]):
            for row in folders(src):
                add(row, col, n, "dir")
            if a.files and not src.startswith("("):
                add(src + ".o", col, n, "file")
            if s["file"] is not None:
                items.append((n, col, owner["name"], src))

    # What no input section covers: alignment between and inside output
    # sections (ALIGN(4096) for the runtime region, segment starts, .bss end).
    for g, c in zip(segs, covered):
        gap_file = g["filesz"] - c["file"]
        gap_mem = g["memsz"] - g["filesz"] - c["mem"]
        if gap_file < 0 or gap_mem < 0:
            sys.exit(f"{a.map}: input sections overlap in segment at {g['vaddr']:#x}")
        if gap_file:
            add(PAGE_ALIGN, seg_col(g, True), gap_file, "pad")
        if gap_mem:
            add(PAGE_ALIGN, "bss", gap_mem, "pad")

    tot = dict.fromkeys(COLS, 0)
    for row, v in rows.items():
        if kind[row] == "pad" or "/" not in row and kind[row] == "dir":
            for c in COLS:
                tot[c] += v[c]
    filesz = sum(g["filesz"] for g in segs)
    memsz = sum(g["memsz"] for g in segs)
    assert tot["text"] + tot["rodata"] + tot["data"] == filesz, (tot, filesz)
    assert sum(tot.values()) == memsz, (tot, memsz)
    pad = rows.get(PAGE_ALIGN, dict.fromkeys(COLS, 0))
    image = filesz - pad["text"] - pad["rodata"] - pad["data"]
    bss = memsz - filesz - pad["bss"]

    if not a.quiet:
        report(a, rows, kind, tot, items, segs, image, bss)
    return budget(a, image, bss)


def seg_col(g, in_file):
    if not in_file:
        return "bss"
    if "E" in g["flags"]:
        return "text"
    return "data" if "W" in g["flags"] else "rodata"


def line(name, v, indent=0):
    t = sum(v[c] for c in COLS)
    print(f"{'  ' * indent + name:<28}" + "".join(f"{v[c]:>9}" for c in COLS)
          + f"{t:>10}{v['text'] + v['rodata'] + v['data']:>10}")


def report(a, rows, kind, tot, items, segs, image, bss):
    if a.sort == "image":
        total = lambda r: rows[r]["text"] + rows[r]["rodata"] + rows[r]["data"]
    else:
        total = lambda r: sum(rows[r].values())
    print(f"{'folder':<28}" + "".join(f"{c:>9}" for c in COLS)
          + f"{'total':>10}{'image':>10}")

    def key(v):
        return sum(v[c] for c in (COLS if a.sort == "total" else COLS[:3]))

    def children(parent):
        depth = 0 if parent is None else parent.count("/") + 1
        return [r for r in rows if kind[r] in ("dir", "file") and r.count("/") == depth
                and (parent is None or r.startswith(parent + "/"))
                and not (kind[r] == "file" and parent is None)]

    def walk(parent, indent):
        kids = sorted(children(parent), key=lambda r: (-total(r), r))
        dirs = [r for r in kids if kind[r] == "dir"]
        own = None
        if parent is not None and dirs and not a.files:
            # Bytes of files directly in `parent` when it also has sub-folders.
            v = {c: rows[parent][c] - sum(rows[d][c] for d in dirs) for c in COLS}
            if any(v.values()):
                own = v
        shown = False
        for r in kids:
            if own is not None and not shown and key(own) >= total(r):
                line(parent + "/*", own, indent)
                shown = True
            line(r + ("/" if kind[r] == "dir" else ""), rows[r], indent)
            if kind[r] == "dir":
                walk(r, indent + 1)
        if own is not None and not shown:
            line(parent + "/*", own, indent)

    walk(None, 0)
    for r in (OTHER, LINKER, PAGE_ALIGN):
        if r in rows:
            line(r, rows[r])
    line("total", tot)

    filesz = sum(g["filesz"] for g in segs)
    memsz = sum(g["memsz"] for g in segs)
    print(f"\nsorted by {a.sort}; image = text+rodata+data; DIR/* = the files "
          f"directly in DIR when it also has sub-folders")
    print(f"PT_LOAD: {len(segs)} segments, p_filesz {filesz}, p_memsz {memsz} "
          f"(= total; bss = p_memsz - p_filesz)")
    print(f"image (text+rodata+data without page alignment): {image}; "
          f"bss without page alignment: {bss}")
    sz = subprocess.run(["size", a.elf], capture_output=True, text=True).stdout.split("\n")
    if len(sz) > 1 and sz[1].split():
        t, d, b = (int(x) for x in sz[1].split()[:3])
        between = memsz - (t + d + b)
        inside = sum(rows.get(PAGE_ALIGN, {}).values()) - between
        print(f"size(1): text {t} data {d} bss {b} = {t + d + b}, output section sizes; "
              f"PT_LOAD adds the {between} bytes between output sections; "
              f"{PAGE_ALIGN} is those and {inside} bytes of alignment inside them "
              f"(the ALIGN(4096) that ends .rt.text, .rt.data and .bss)")

    if a.top:
        print(f"\nlargest {a.top} input sections:")
        for n, col, name, src in sorted(items, key=lambda x: -x[0])[:a.top]:
            print(f"{n:>9} {col:<7} {name:<44} {src}")


def budget(a, image, bss):
    rc = 0
    for what, used, lim, var in (("image (text+rodata+data)", image, a.budget, "SIZE_BUDGET"),
                                 ("bss", bss, a.bss_budget, "SIZE_BUDGET_BSS")):
        if lim is None:
            continue
        if used > lim:
            print(f"size: {what} is {used} bytes, over the budget {var} = {lim} "
                  f"by {used - lim} bytes (make size shows where; a feature that "
                  f"needs more raises {var} in the Makefile and says so in its commit)")
            rc = 1
        else:
            print(f"size: {what} {used} bytes, within {var} = {lim} "
                  f"({lim - used} bytes left)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
