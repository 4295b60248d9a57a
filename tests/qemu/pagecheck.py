#!/usr/bin/env python3
"""Checks the guest's live page tables, as QEMU's `info tlb` lists them
(one line per present leaf: "VA: PA flags", flags X=no-execute,
P=large page, W=writable), against the memory protection the firmware
promises, while tests/efi/memattr.efi waits with the "wait" option:

- page 0 is not present;
- no page is both writable and executable outside the memory map ranges
  the policy allows it in (loader code and data, boot- and runtime-
  services code: the app prints them as "memattr: wx-allowed BASE SIZE
  TYPE");
- the app's image (NX_COMPAT) is mapped W^X: code read-only and
  executable, data writable and no-execute, read-only data and headers
  read-only and no-execute ("memattr: image/section" lines);
- the firmware's own image: code read-only, read-only data and data
  no-execute (its link symbols, from nm).

usage: pagecheck.py TLB-DUMP SERIAL-LOG FIRMWARE-ELF [LARGE-PAGE-BYTES]
Prints "pagecheck: ok - ..." / "pagecheck: FAIL - ..." lines; exits 1 on
any failure."""
import re
import subprocess
import sys

PAGE = 4096
LINE = re.compile(r'^([0-9a-f]{16}): ([0-9a-f]{16}) ([-X])([-G])([-P])([-D])'
                  r'([-A])([-C])([-T])([-U])([-W])$')


def read_tlb(path, large):
    """{page VA: (writable, no_execute)} for every present 4 KiB page."""
    pages = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            va = int(m.group(1), 16)
            size = large if m.group(5) == 'P' else PAGE
            if va % size:
                sys.exit(f'pagecheck: large page at 0x{va:x} not aligned '
                         f'to 0x{size:x} (1 GiB pages? give the size)')
            attrs = (m.group(11) == 'W', m.group(3) == 'X')
            for p in range(va, va + size, PAGE):
                pages[p] = attrs
    return pages


def read_log(path):
    allowed, sections, image = [], [], None
    with open(path, errors='replace') as f:
        for line in f:
            w = line.split()
            if len(w) < 3 or w[0] != 'memattr:':
                continue
            if w[1] == 'wx-allowed':
                allowed.append((int(w[2], 16), int(w[3], 16)))
            elif w[1] == 'section':
                sections.append((int(w[2], 16), int(w[3], 16), w[4]))
            elif w[1] == 'image':
                image = (int(w[2], 16), int(w[3], 16))
    return allowed, sections, image


def symbols(elf):
    out = subprocess.run(['nm', elf], capture_output=True, text=True,
                         check=True).stdout
    return {w[2]: int(w[0], 16) for w in (l.split() for l in out.splitlines())
            if len(w) == 3}


failures = 0


def result(ok, what):
    global failures
    if not ok:
        failures += 1
    print(f'pagecheck: {"ok" if ok else "FAIL"} - {what}')


def check_range(pages, base, size, want_w, want_x, what):
    """Every page of [base, base+size) present with these permissions."""
    bad = []
    for p in range(base, base + size, PAGE):
        a = pages.get(p)
        if a is None or a[0] != want_w or (not a[1]) != want_x:
            bad.append((p, a))
    perm = 'r' + ('w' if want_w else '-') + ('x' if want_x else '-')
    detail = ''
    if bad:
        p, a = bad[0]
        got = 'absent' if a is None else \
            'r' + ('w' if a[0] else '-') + ('-' if a[1] else 'x')
        detail = f' ({len(bad)} pages wrong, first 0x{p:x}: {got})'
    result(not bad, f'{what} [0x{base:x}+0x{size:x}) {perm}{detail}')


def main():
    tlb, log, elf = sys.argv[1:4]
    large = int(sys.argv[4]) if len(sys.argv) > 4 else 2 << 20
    pages = read_tlb(tlb, large)
    allowed, sections, image = read_log(log)
    result(len(pages) > 0 and image is not None and sections and allowed,
           f'{len(pages)} present pages, the app\'s layout and '
           f'{len(allowed)} wx-allowed ranges read')
    if failures:
        return 1
    result(0 not in pages, 'page 0 is not present')

    wx = sorted(p for p, (w, nx) in pages.items() if w and not nx)
    outside = [p for p in wx
               if not any(b <= p < b + s for b, s in allowed)]
    result(not outside, f'{len(wx)} writable+executable pages, all in '
           f'loader/boot/runtime code or loader data'
           + (f'; {len(outside)} outside, first 0x{outside[0]:x}'
              if outside else ''))

    check_range(pages, image[0], PAGE, False, False, 'app headers')
    for base, size, kind in sections:
        check_range(pages, base, size, kind == 'rw', kind == 'rx',
                    f'app section ({kind})')

    sym = symbols(elf)
    check_range(pages, sym['__image_start'],
                sym['__rodata_start'] - sym['__image_start'], False, True,
                'firmware code')
    check_range(pages, sym['__rodata_start'],
                sym['__data_start'] - sym['__rodata_start'], False, False,
                'firmware read-only data')
    data = [p for p in range(sym['__data_start'], sym['__image_end'], PAGE)
            if p in pages]
    result(data and all(pages[p] == (True, True) for p in data),
           f'firmware data: {len(data)} present pages, all rw-')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
