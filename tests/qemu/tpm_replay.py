#!/usr/bin/env python3
"""Replays the TCG event log a Linux guest printed (tests/qemu/mkinitramfs.sh:
"cloudhv-tpm-log:" hex lines of /sys/kernel/security/tpm0/binary_bios_
measurements, "cloudhv-tpm-pcr: sha256 N HEX" from sysfs) and checks every
SHA-256 PCR the guest printed equals the replay of the log's records
(crypto-agile format, TCG PC Client PFP 1.05 §10.2). Writes the binary log
to OUT.bin for tpm2_eventlog. Prints one line per PCR; exit 1 on a
mismatch, on a malformed log or when nothing was printed.
Usage: tpm_replay.py SERIAL.log OUT.bin"""
import hashlib
import struct
import sys

EV_NO_ACTION = 3
ALG_SIZES = {0x4: 20, 0xB: 32, 0xC: 48, 0xD: 64, 0x12: 32}


def read_serial(path):
    hexlog, pcrs = [], {}
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("latin-1").strip()
            if line.startswith("cloudhv-tpm-log: "):
                hexlog.append(line.split(": ", 1)[1])
            elif line.startswith("cloudhv-tpm-pcr: sha256 "):
                _, _, n, val = line.split(" ", 3)
                pcrs[int(n)] = bytes.fromhex(val.strip())
    return bytes.fromhex("".join(hexlog)), pcrs


def parse(log):
    """Yields (pcr, type, {alg: digest}) for every record after the Spec
    ID event; raises ValueError when malformed."""
    pcr, etype = struct.unpack_from("<II", log, 0)
    (size,) = struct.unpack_from("<I", log, 28)
    spec = log[32:32 + size]
    if etype != EV_NO_ACTION or spec[:16] != b"Spec ID Event03\0":
        raise ValueError("no Spec ID Event03 first")
    (nalg,) = struct.unpack_from("<I", spec, 24)
    algs = {}
    for i in range(nalg):
        a, s = struct.unpack_from("<HH", spec, 28 + 4 * i)
        algs[a] = s
    off = 32 + size
    while off + 12 <= len(log):
        pcr, etype, count = struct.unpack_from("<III", log, off)
        if pcr == 0xFFFFFFFF:
            break  # the 0xFF fill after the last record
        off += 12
        digests = {}
        for _ in range(count):
            (a,) = struct.unpack_from("<H", log, off)
            if a not in algs:
                raise ValueError(f"algorithm 0x{a:x} not in the Spec ID event")
            digests[a] = log[off + 2:off + 2 + algs[a]]
            off += 2 + algs[a]
        (dlen,) = struct.unpack_from("<I", log, off)
        off += 4 + dlen
        if off > len(log):
            raise ValueError("record runs past the log")
        yield pcr, etype, digests


def main():
    log, pcrs = read_serial(sys.argv[1])
    if not log or not pcrs:
        print("replay: FAIL no event log or PCRs in the guest's output")
        return 1
    with open(sys.argv[2], "wb") as f:
        f.write(log)
    bank = {}
    counts = {}
    try:
        for pcr, etype, digests in parse(log):
            if etype == EV_NO_ACTION or 0xB not in digests:
                continue
            old = bank.get(pcr, bytes(32))
            bank[pcr] = hashlib.sha256(old + digests[0xB]).digest()
            counts[pcr] = counts.get(pcr, 0) + 1
    except (ValueError, struct.error) as e:
        print(f"replay: FAIL malformed log: {e}")
        return 1
    bad = 0
    for n in sorted(pcrs):
        want = bank.get(n, bytes(32))
        ok = pcrs[n] == want
        bad += not ok
        print(f"replay: PCR {n}: {counts.get(n, 0)} events, "
              f"{'ok' if ok else 'MISMATCH'} {pcrs[n].hex()[:16]}")
    print(f"replay: {len(pcrs)} PCRs, {bad} mismatched")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
