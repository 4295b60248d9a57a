#!/usr/bin/env python3
"""The Authenticode SHA-256 of a PE/COFF image, for dbx entries at test time.

efitools' hash-to-efi-sig-list (1.9.2) writes an all-zero hash, and still
exits 0, for Debian's shimx64.efi.signed and grubx64.efi.signed, so the
tests compute it here and compare with efitools on the images it gets
right. The digest is the one the Authenticode specification (1.0, "Calculating
the PE Image Hash") defines, as EDK2's DxeImageVerificationLib computes it:
the headers without the CheckSum field and the Certificate Table directory
entry, the sections in file order (PointerToRawData), then whatever follows
them up to the attribute certificate table.

Usage: pe_hash.py IMAGE             -> the hash in hex
       pe_hash.py IMAGE --esl OUT   -> also an EFI_CERT_SHA256 signature
                                       list (UEFI 2.10 §32.4.1) in OUT
"""
import hashlib
import struct
import sys
import uuid

EFI_CERT_SHA256 = uuid.UUID("c1c41626-504c-4092-aca9-41f936934328")


class BadImage(Exception):
    pass


def u(fmt, buf, off, what):
    if off < 0 or off + struct.calcsize(fmt) > len(buf):
        raise BadImage(f"{what} at {off:#x} is past the end ({len(buf):#x})")
    return struct.unpack_from(fmt, buf, off)


def authenticode_sha256(img):
    pe, = u("<I", img, 0x3C, "e_lfanew")
    if img[0:2] != b"MZ" or img[pe:pe + 4] != b"PE\0\0":
        raise BadImage("no MZ/PE signature")
    nsect, = u("<H", img, pe + 6, "NumberOfSections")
    opt_size, = u("<H", img, pe + 20, "SizeOfOptionalHeader")
    opt = pe + 24
    magic, = u("<H", img, opt, "optional header magic")
    if magic == 0x20B:
        dirs = opt + 112  # PE32+
    elif magic == 0x10B:
        dirs = opt + 96
    else:
        raise BadImage(f"optional header magic {magic:#x}")
    ndirs, = u("<I", img, dirs - 4, "NumberOfRvaAndSizes")
    checksum = opt + 64
    certdir = dirs + 4 * 8
    hdr_size, = u("<I", img, opt + 60, "SizeOfHeaders")
    if ndirs > 4:
        cert_off, cert_size = u("<II", img, certdir, "certificate table entry")
    else:
        cert_off = cert_size = 0
    if hdr_size > len(img) or certdir + 8 > hdr_size or cert_off + cert_size > len(img):
        raise BadImage("headers or certificate table past the end")
    h = hashlib.sha256()
    h.update(img[:checksum])
    if ndirs > 4:
        h.update(img[checksum + 4:certdir])
        h.update(img[certdir + 8:hdr_size])
    else:
        h.update(img[checksum + 4:hdr_size])
    sects = []
    for i in range(nsect):
        s = opt + opt_size + 40 * i
        raw_size, raw_off = u("<II", img, s + 16, f"section {i}")
        if raw_size:
            if raw_off + raw_size > len(img):
                raise BadImage(f"section {i} past the end")
            sects.append((raw_off, raw_size))
    hashed = hdr_size
    for raw_off, raw_size in sorted(sects):
        h.update(img[raw_off:raw_off + raw_size])
        hashed += raw_size
    if len(img) > hashed + cert_size:
        h.update(img[hashed:len(img) - cert_size])
    return h.digest()


def main(argv):
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--esl"):
        print(__doc__.split("Usage: ")[1], file=sys.stderr, end="")
        return 2
    try:
        with open(argv[0], "rb") as f:
            digest = authenticode_sha256(f.read())
    except (BadImage, OSError) as e:
        print(f"pe_hash: {argv[0]}: {e}", file=sys.stderr)
        return 1
    print(digest.hex())
    if len(argv) == 3:
        owner = uuid.UUID("2c7a3e4b-5d61-4f8a-9b0c-1d2e3f405162")  # the tests' own
        entry = owner.bytes_le + digest
        with open(argv[2], "wb") as f:
            f.write(EFI_CERT_SHA256.bytes_le + struct.pack("<III", 28 + len(entry), 0, len(entry)) + entry)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
