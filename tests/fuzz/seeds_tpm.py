#!/usr/bin/env python3
"""Seeds for fuzz_tpm: TPM 2.0 responses as swtpm returns them to the
firmware (GetCapability of the PCR banks and of the fixed properties,
PCR_Read, a bare error) and a GPT of four entries, written into the directory given."""
import os
import struct
import sys
import zlib


def rsp(body, rc=0, tag=0x8001):
    return struct.pack(">HII", tag, 10 + len(body), rc) + body


def main():
    out = sys.argv[1]
    banks = b"".join(struct.pack(">HB", a, 3) + sel for a, sel in
                     [(0x4, b"\xff\xff\xff"), (0xB, b"\xff\xff\xff"),
                      (0xC, b"\0\0\0"), (0xD, b"\xff\xff\xff")])
    seeds = {
        "pcrs": rsp(b"\0" + struct.pack(">II", 5, 4) + banks),
        "props": rsp(b"\0" + struct.pack(">II", 6, 3) +
                     struct.pack(">IIIIII", 0x105, 0x49424d00, 0x11e, 4096,
                                 0x11f, 4096)),
        "pcr_read": rsp(struct.pack(">II", 7, 1) + struct.pack(">HB", 0xB, 3) +
                        b"\0\1\0" + struct.pack(">IH", 1, 32) + bytes(32)),
        "error": rsp(b"", rc=0x101),
        "sessions": rsp(struct.pack(">I", 0) + b"\0\0\0\0\0", tag=0x8002),
    }
    ents = bytearray(4 * 128)
    ents[0] = 0x28
    ents[256] = 0xAF
    hdr = bytearray(struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0,
                                0, 1, 0, 34, 100, bytes(16), 2, 4, 128,
                                zlib.crc32(ents)))
    struct.pack_into("<I", hdr, 16, zlib.crc32(hdr))
    seeds["gpt"] = bytes(hdr) + bytes(512 - len(hdr)) + bytes(ents)
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
