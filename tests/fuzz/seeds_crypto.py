#!/usr/bin/env python3
"""Seeds for the crypto fuzz targets (tests/fuzz/fuzz_x509.c,
fuzz_pkcs7.c, fuzz_authenticode.c), from the vectors the crypto unit tests
make with openssl and sbsign (tests/unit/crypto_vectors.sh) and the
Debian-signed kernel and shim of build/payloads when they are there:

  x509          the DER certificates (RSA 2048/3072/4096, SHA-1 to SHA-512,
                ECDSA) and shim's Debian CA
  pkcs7         the SignedData files, the bare one of efitools' db.auth,
                and the PKCS#7 of each signed PE's first WIN_CERTIFICATE
  authenticode  PE files, signed and not (inputs larger than 1 MiB are
                left out: libFuzzer's default -max_len is smaller anyway)

  seeds_crypto.py TARGET FILE... DIR
"""
import os
import struct

from seedlib import args, write


def win_cert_p7(data):
    """The PKCS#7 of the first WIN_CERTIFICATE of a PE, or None."""
    pe, = struct.unpack_from("<I", data, 0x3C)
    opt = pe + 24
    magic, = struct.unpack_from("<H", data, opt)
    certdir = opt + (96 if magic == 0x10B else 112) + 4 * 8
    off, size = struct.unpack_from("<II", data, certdir)
    if not size:
        return None
    dw, = struct.unpack_from("<I", data, off)
    return data[off + 8:off + dw]


def shim_ca(data):
    """shim's vendor certificate, found by its section's header."""
    pe, = struct.unpack_from("<I", data, 0x3C)
    nsect, optsz = struct.unpack_from("<H", data, pe + 6)[0], \
        struct.unpack_from("<H", data, pe + 20)[0]
    for i in range(nsect):
        s = pe + 24 + optsz + 40 * i
        size, raw = struct.unpack_from("<II", data, s + 16)
        if size < 16:
            continue
        a, _, aoff, doff = struct.unpack_from("<IIII", data, raw)
        if aoff == 16 and doff == 16 + a:
            return data[raw + 16:raw + 16 + a]
    return None


def main():
    target, files, out = args()
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        name = os.path.basename(path)
        if target == "x509":
            if name.startswith("p7_"):
                continue
            if name.startswith("shim"):
                data = shim_ca(data)
            if data:
                write(out, name, data)
        elif target == "pkcs7":
            if data[:2] == b"MZ":
                data = win_cert_p7(data)
            elif name.endswith(".auth"):
                # EFI_VARIABLE_AUTHENTICATION_2: EFI_TIME, then
                # WIN_CERTIFICATE_UEFI_GUID (24 bytes) and CertData.
                dw, = struct.unpack_from("<I", data, 16)
                data = data[40:16 + dw]
            if data:
                write(out, name, data)
        elif len(data) <= 1 << 20:
            write(out, name, data)


if __name__ == "__main__":
    main()
