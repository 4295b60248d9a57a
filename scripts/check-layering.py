#!/usr/bin/env python3
"""STYLE.md layering, checked on the sources and on the built objects.

usage: check-layering.py 'OBJ...' DIR...   (the firmware's objects, as one
       word; DIRs in layering order, lowest first)

- A folder includes only itself and folders before it (a sub-folder such
  as efi/core is a folder of its own; an include belongs to the deepest
  listed folder its path lies in). acpi/, hwinfo/ and fs/ are siblings.
- Between efi/ sub-systems only the door is used: efi/X/X.h (and the
  top-level efi/efi.h, which every EFI file may include).
- boot/ and shell/ see the firmware's EFI side only through efi/efi.h.
- Only efi/, its sub-systems, efilib/, boot/ and shell/ see gnu-efi.
- The objects (build/fw[/rt]/<dir>/<file>.o) call only down: a function or
  variable a folder uses must be defined in the same folder or an earlier
  one. This catches what the include check cannot: a prototype declared
  locally for a function of a later layer. With a total order there can
  be no cycle between folders. The one call up is the PVH entry stub's
  jump into the boot flow (ENTRY_UP).
"""
import os
import re
import subprocess
import sys

EFI_SEES = re.compile(r'^(efi|efi/.*|efilib|boot|shell)$')
SIBLINGS = {'acpi', 'hwinfo', 'fs'}
ENTRY_UP = {('pvh', 'boot_main')}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def owner(path, rank):
    """The deepest listed folder a repo-rooted path lies in."""
    parts = path.split('/')[:-1]
    for n in range(len(parts), 0, -1):
        d = '/'.join(parts[:n])
        if d in rank:
            return d
    return None


def check_includes(dirs, rank):
    errors = []
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(('.c', '.h')):
                continue
            f = os.path.join(d, name)
            with open(f, encoding='utf-8') as fh:
                for n, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    where = '%s:%d' % (f, n)
                    kind, inc = m.groups()
                    if kind == '<':
                        if inc.startswith('efi') and not EFI_SEES.match(d):
                            errors.append('%s: only efi/, efilib/, boot/ and '
                                          'shell/ may include gnu-efi (%s)'
                                          % (where, inc))
                        continue
                    t = owner(inc, rank)
                    if t is None:
                        continue
                    if rank[t] > rank[d]:
                        errors.append('%s includes %s: %s/ is a later layer '
                                      'than %s/' % (where, inc, t, d))
                    if t != d and d in SIBLINGS and t in SIBLINGS:
                        errors.append('%s: %s/ and %s/ are siblings'
                                      % (where, d, t))
                    if t != d and t.startswith('efi/'):
                        door = '%s/%s.h' % (t, t.split('/')[-1])
                        if inc != door:
                            errors.append('%s includes %s: another EFI '
                                          'sub-system is used through its '
                                          'door %s' % (where, inc, door))
                    if d in ('boot', 'shell') and t is not None and \
                            (t == 'efi' or t.startswith('efi/')) and \
                            inc != 'efi/efi.h':
                        errors.append('%s includes %s: %s/ sees the EFI side '
                                      'only through efi/efi.h'
                                      % (where, inc, d))
    return errors


def symbols(obj):
    out = subprocess.run(['nm', obj], capture_output=True, text=True,
                         check=True).stdout
    defs, undefs = set(), set()
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'TDBRCGSV':
            defs.add(p[2])
        elif len(p) == 2 and p[0] == 'U':
            undefs.add(p[1])
    return defs, undefs


def check_calls(objs, rank):
    errors = []
    defined, used = {}, []
    for obj in objs:
        # build/fw/<path>.o, or build/fw/rt/<path>.o for the runtime region
        rel = re.sub(r'^.*?/fw/(rt/)?', '', obj)
        d = owner(rel, rank)
        if d is None:
            continue
        src = re.sub(r'(\.asm)?\.o$', lambda m: m.group(1) or '.c', rel)
        defs, undefs = symbols(obj)
        for s in defs:
            defined[s] = d
        used.append((src, d, undefs))
    for src, d, undefs in sorted(used):
        for s in sorted(undefs):
            t = defined.get(s)
            if (d, s) in ENTRY_UP:
                continue
            if t is not None and rank[t] > rank[d]:
                errors.append('%s uses %s of %s/, a later layer than %s/'
                              % (src, s, t, d))
    return errors


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    objs, dirs = sys.argv[1].split(), sys.argv[2:]
    rank = {d: i for i, d in enumerate(dirs)}
    errors = check_includes(dirs, rank) + check_calls(objs, rank)
    for e in errors:
        print('check-layering: FAIL: ' + e)
    if errors:
        sys.exit(1)
    print('check-layering: ok (%s)' % ' '.join(dirs))


if __name__ == '__main__':
    main()
