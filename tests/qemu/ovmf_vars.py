#!/usr/bin/env python3
"""Secure Boot keys out of an OVMF variable store file.

Reads an EDK2 variable flash image such as Debian's
/usr/share/OVMF/OVMF_VARS_4M.ms.fd and writes the live (VAR_ADDED) PK, KEK,
db and dbx variables as EFI signature list files (what efitools'
cert-to-efi-sig-list writes, what scripts/enroll-keys takes), so a test can
give our firmware the keys OVMF's ".ms" store enrolls.

Layout (PI 1.8 vol. 3 §3.2.1 for the volume; EDK2's
MdeModulePkg/Include/Guid/VariableFormat.h for the store, which is EDK2's
own format, not the UEFI specification's):
  EFI_FIRMWARE_VOLUME_HEADER: FvLength u64 @32, "_FVH" @40,
      HeaderLength u16 @48 (the variable store follows it)
  VARIABLE_STORE_HEADER (28 bytes): Signature GUID @0 (must be
      gEfiAuthenticatedVariableGuid: records carry the authenticated header),
      Size u32 @16, Format u8 @20 (0x5a), State u8 @21 (0xfe)
  AUTHENTICATED_VARIABLE_HEADER (60 bytes, packed): StartId u16 @0 (0x55aa),
      State u8 @2, Attributes u32 @4, MonotonicCount u64 @8, TimeStamp @16,
      PubKeyIndex u32 @32, NameSize u32 @36, DataSize u32 @40,
      VendorGuid @44; then the UCS-2 name and the data (no padding on x86),
      the next header 4-byte aligned.
Every offset and size is checked against the store's bounds: a damaged or
hostile file ends with one clear message and exit status 1.

Usage: ovmf_vars.py VARS.fd OUTDIR   -> OUTDIR/{PK,KEK,db,dbx}.esl
       ovmf_vars.py --list VARS.fd   -> one line per live variable
       ovmf_vars.py --replace KEY NEW.esl VARS.fd OUT.fd
                                     -> a copy whose KEY (PK, KEK, db, dbx)
                                        holds NEW.esl (a test fixture: the
                                        record is rewritten, not signed)
"""
import os
import struct
import sys
import uuid

FV_SIGNATURE = b"_FVH"
AUTH_VAR_GUID = uuid.UUID("aaf32c78-947b-439a-a180-2e144ec37792")
GLOBAL_VAR = uuid.UUID("8be4df61-93ca-11d2-aa0d-00e098032b8c")
IMAGE_SECURITY_DB = uuid.UUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f")
START_ID = 0x55AA
VAR_ADDED = 0x3F
VAR_DELETED = 0xFD
STORE_FORMATTED, STORE_HEALTHY = 0x5A, 0xFE
STORE_HDR = 28
VAR_HDR = 60
KEYS = {("PK", GLOBAL_VAR): "PK", ("KEK", GLOBAL_VAR): "KEK",
        ("db", IMAGE_SECURITY_DB): "db", ("dbx", IMAGE_SECURITY_DB): "dbx"}
SIG_TYPES = {  # UEFI 2.10 §32.4.1
    uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072"): "x509",
    uuid.UUID("c1c41626-504c-4092-aca9-41f936934328"): "sha256",
    uuid.UUID("3bd2a492-96c0-4079-b420-fcf98ef103ed"): "x509-sha256",
    uuid.UUID("826ca512-cf10-4ac9-b187-be01496631bd"): "sha1",
}


class BadStore(Exception):
    pass


def take(buf, off, n, what):
    """buf[off:off+n], or BadStore naming what did not fit."""
    if off < 0 or n < 0 or off + n > len(buf):
        raise BadStore(f"{what} at offset {off:#x} (+{n}) past the end ({len(buf):#x})")
    return buf[off:off + n]


def store_bounds(img):
    """(start, end) of the variable records inside the image."""
    hdr = take(img, 0, 56, "firmware volume header")
    fv_len, = struct.unpack_from("<Q", hdr, 32)
    if hdr[40:44] != FV_SIGNATURE:
        raise BadStore("no _FVH signature at offset 0x28: not a firmware volume")
    hlen, = struct.unpack_from("<H", hdr, 48)
    if fv_len > len(img) or hlen < 56 or hlen > fv_len:
        raise BadStore(f"firmware volume length {fv_len:#x} / header {hlen:#x} "
                       f"do not fit the file ({len(img):#x})")
    vs = take(img, hlen, STORE_HDR, "variable store header")
    if uuid.UUID(bytes_le=vs[0:16]) != AUTH_VAR_GUID:
        raise BadStore(f"variable store at {hlen:#x} is not an authenticated one "
                       f"({uuid.UUID(bytes_le=vs[0:16])})")
    size, fmt, state = struct.unpack_from("<IBB", vs, 16)
    if fmt != STORE_FORMATTED or state != STORE_HEALTHY:
        raise BadStore(f"variable store format {fmt:#x} state {state:#x}: not formatted/healthy")
    if size < STORE_HDR or hlen + size > fv_len:
        raise BadStore(f"variable store size {size:#x} runs past the volume ({fv_len:#x})")
    return hlen + STORE_HDR, hlen + size


def records(img):
    """Yields (offset, name, guid, state, attributes, data) for every record,
    then, last, (offset, None, ...) where the erased space begins."""
    off, end = store_bounds(img)
    store = img[:end]
    while off + VAR_HDR <= end:
        hdr = take(store, off, VAR_HDR, "variable header")
        start_id, state, attrs = struct.unpack_from("<HBxI", hdr, 0)
        if start_id != START_ID:
            if hdr[0:2] == b"\xff\xff":
                break  # erased flash: the end of the records
            raise BadStore(f"variable at {off:#x}: StartId {start_id:#06x}, expected 0x55aa")
        name_size, data_size = struct.unpack_from("<II", hdr, 36)
        guid = uuid.UUID(bytes_le=hdr[44:60])
        if name_size < 2 or name_size % 2:
            raise BadStore(f"variable at {off:#x}: bad NameSize {name_size}")
        raw = take(store, off + VAR_HDR, name_size, f"name of the variable at {off:#x}")
        data = take(store, off + VAR_HDR + name_size, data_size,
                    f"data of the variable at {off:#x}")
        name = raw.decode("utf-16-le", "replace").split("\0", 1)[0]
        yield off, name, guid, state, attrs, data
        off = (off + VAR_HDR + name_size + data_size + 3) & ~3
    yield min(off, end), None, None, None, None, None


def variables(img):
    """Yields (name, guid, state, attributes, data) for every record."""
    for _off, name, guid, state, attrs, data in records(img):
        if name is not None:
            yield name, guid, state, attrs, data


def replace(img, key, new_data):
    """A copy of the store in which the live KEY (PK, KEK, db, dbx) holds
    new_data: the old record marked deleted (State &= VAR_DELETED, as
    EDK2 retires a record) and a copy of its header, name and the new data
    written where the erased space begins. The firmware reads records as
    they are: no signature is made or checked (a test fixture, standing
    for an authenticated update that a KEK holder would sign)."""
    signature_lists(new_data, key)
    old = None
    for off, name, guid, state, _attrs, _data in records(img):
        if name is None:
            free = off
        elif KEYS.get((name, guid)) == key and state == VAR_ADDED:
            old = off
    if old is None:
        raise BadStore(f"no live {key} to replace")
    _start, end = store_bounds(img)
    name_size, = struct.unpack_from("<I", img, old + 36)
    head = bytearray(img[old:old + VAR_HDR])
    struct.pack_into("<I", head, 40, len(new_data))
    rec = bytes(head) + img[old + VAR_HDR:old + VAR_HDR + name_size] + new_data
    if free + len(rec) > end or img[free:free + len(rec)] != b"\xff" * len(rec):
        raise BadStore(f"no erased room for {len(rec)} bytes at {free:#x}")
    out = bytearray(img)
    out[free:free + len(rec)] = rec
    out[old + 2] &= VAR_DELETED
    return bytes(out)


def signature_lists(data, what):
    """Checks data is a sequence of EFI_SIGNATURE_LIST (UEFI 2.10 §32.4.1);
    returns [(type name, signature count)]."""
    out, off = [], 0
    while off < len(data):
        hdr = take(data, off, 28, f"{what}: signature list header")
        stype = uuid.UUID(bytes_le=hdr[0:16])
        list_size, header_size, sig_size = struct.unpack_from("<III", hdr, 16)
        if list_size < 28 + header_size or sig_size < 16 or \
                (list_size - 28 - header_size) % sig_size or off + list_size > len(data):
            raise BadStore(f"{what}: signature list at {off:#x} has bad sizes "
                           f"(list {list_size}, header {header_size}, entry {sig_size})")
        out.append((SIG_TYPES.get(stype, str(stype)), (list_size - 28 - header_size) // sig_size))
        off += list_size
    return out


def live_keys(img):
    """{"PK": data, ...} for the VAR_ADDED Secure Boot key variables."""
    keys = {}
    for name, guid, state, _attrs, data in variables(img):
        key = KEYS.get((name, guid))
        if key and state == VAR_ADDED:
            if key in keys:
                raise BadStore(f"two live copies of {key}")
            signature_lists(data, key)
            keys[key] = data
    return keys


def main(argv):
    src = argv[-1] if argv else ""
    try:
        if len(argv) == 2 and argv[0] == "--list":
            with open(argv[1], "rb") as f:
                img = f.read()
            for name, guid, state, attrs, data in variables(img):
                if state == VAR_ADDED:
                    print(f"{name}-{guid} attrs={attrs:#x} size={len(data)}")
            return 0
        if len(argv) == 5 and argv[0] == "--replace" and argv[1] in KEYS.values():
            src = argv[3]
            with open(src, "rb") as f:
                img = f.read()
            with open(argv[2], "rb") as f:
                new = f.read()
            out = replace(img, argv[1], new)
            live_keys(out)  # what was written reads back
            with open(argv[4], "wb") as f:
                f.write(out)
            print(f"ovmf_vars: {argv[4]}: {argv[1]} now {len(new)} bytes")
            return 0
        if len(argv) != 2 or argv[0].startswith("--"):
            print(__doc__.split("Usage: ")[1], file=sys.stderr, end="")
            return 2
        src = argv[0]
        with open(src, "rb") as f:
            img = f.read()
        keys = live_keys(img)
        missing = [k for k in ("PK", "KEK", "db") if k not in keys]
        if missing:
            raise BadStore(f"no live {', '.join(missing)} in the store")
        os.makedirs(argv[1], exist_ok=True)
        for key, data in keys.items():
            with open(os.path.join(argv[1], key + ".esl"), "wb") as f:
                f.write(data)
            lists = ", ".join(f"{n} {t}" for t, n in signature_lists(data, key))
            print(f"ovmf_vars: {key}.esl: {len(data)} bytes ({lists})")
        return 0
    except BadStore as e:
        print(f"ovmf_vars: {src}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"ovmf_vars: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
