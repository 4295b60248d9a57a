/* The Authenticode image hash of a PE/COFF file ("Windows Authenticode
 * Portable Executable Signature Format", "Calculating the PE Image Hash";
 * PE/COFF spec §4 "Attribute Certificate Table"): every byte of the file
 * except the checksum, the certificate-table directory entry and the
 * certificate table itself, with the sections in file-offset order.
 *
 * The file is outside data: every offset is checked against it before it
 * is read, and a header the hash rules cannot follow is ERR_CORRUPT, not
 * a guess. */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

#define PE_DOS_LFANEW 0x3c
#define PE_COFF_SIZE 20             /* after the "PE\0\0" signature */
#define PE_OPT_MAGIC32 0x10b
#define PE_OPT_MAGIC64 0x20b
#define PE_OPT_SIZE_OF_HEADERS 60
#define PE_OPT_CHECKSUM 64
#define PE_DIR_SECURITY 4           /* the certificate table's entry */
#define PE_SECTION_SIZE 40
#define PE_MAX_SECTIONS 96          /* PE/COFF §3.3: the Windows loader's limit */

struct pe_hash_layout {
	size_t checksum;      /* file offset of CheckSum (4 bytes) */
	size_t certdir;       /* of the security directory entry; 0: none */
	size_t headers;       /* SizeOfHeaders */
	size_t sections;      /* offset of the section table */
	unsigned nsections;
	size_t cert_off, cert_size; /* the certificate table; 0, 0: none */
};

/* PE/COFF §2, §3.4: the fields the hash rules need, each checked to lie
 * inside the file, the directory entries inside the optional header. */
static int pe_hash_layout(const uint8_t *f, size_t len,
			  struct pe_hash_layout *l)
{
	size_t pe, opt, opt_size, ndirs_off, dirs;
	uint32_t ndirs;
	uint16_t magic;

	if (len < 0x40 || f[0] != 'M' || f[1] != 'Z')
		return ERR_CORRUPT;
	pe = le32(f + PE_DOS_LFANEW);
	if (!range_ok(pe, 4 + PE_COFF_SIZE + 2, len) || memcmp(f + pe, "PE\0\0", 4))
		return ERR_CORRUPT;
	l->nsections = le16(f + pe + 4 + 2);
	opt_size = le16(f + pe + 4 + 16);
	opt = pe + 4 + PE_COFF_SIZE;
	if (!range_ok(opt, opt_size, len) || opt_size < 2)
		return ERR_CORRUPT;
	magic = le16(f + opt);
	if (magic != PE_OPT_MAGIC32 && magic != PE_OPT_MAGIC64)
		return ERR_CORRUPT;
	ndirs_off = magic == PE_OPT_MAGIC32 ? 92 : 108;
	dirs = ndirs_off + 4;
	if (opt_size < dirs)
		return ERR_CORRUPT;
	ndirs = le32(f + opt + ndirs_off);
	if (ndirs > 16 || dirs + (size_t)ndirs * 8 > opt_size)
		return ERR_CORRUPT;
	l->checksum = opt + PE_OPT_CHECKSUM;
	l->headers = le32(f + opt + PE_OPT_SIZE_OF_HEADERS);
	l->sections = opt + opt_size;
	l->certdir = 0;
	l->cert_off = l->cert_size = 0;
	if (ndirs > PE_DIR_SECURITY) {
		l->certdir = opt + dirs + PE_DIR_SECURITY * 8;
		l->cert_off = le32(f + l->certdir);
		l->cert_size = le32(f + l->certdir + 4);
		if (!l->cert_size)
			l->cert_off = 0;
	}
	/* The excluded fields lie inside the hashed headers, which lie in
	 * the file; the section table too; the certificate table too and
	 * after the headers (its directory entry is a file offset). */
	if (l->headers > len || l->checksum + 4 > l->headers ||
	    (l->certdir && l->certdir + 8 > l->headers) ||
	    l->nsections > PE_MAX_SECTIONS ||
	    !range_ok(l->sections, (uint64_t)l->nsections * PE_SECTION_SIZE, len))
		return ERR_CORRUPT;
	if (l->cert_size && (l->cert_off < l->headers ||
			     !range_ok(l->cert_off, l->cert_size, len)))
		return ERR_CORRUPT;
	return 0;
}

int authenticode_cert_table(const void *file, size_t len, size_t *off,
			    size_t *size)
{
	struct pe_hash_layout l;
	int err = pe_hash_layout(file, len, &l);

	*off = *size = 0;
	if (err)
		return err;
	*off = l.cert_off;
	*size = l.cert_size;
	return 0;
}

#define WIN_CERT_HEADER 8
#define WIN_CERT_REVISION_2_0 0x0200
#define WIN_CERT_TYPE_PKCS_SIGNED_DATA 0x0002

int authenticode_next_signature(const void *file, size_t len, size_t *iter,
				struct der_span *p7)
{
	const uint8_t *f = file;
	size_t off, size;
	int err = authenticode_cert_table(file, len, &off, &size);

	if (err)
		return err;
	while (*iter < size && size - *iter >= WIN_CERT_HEADER) {
		const uint8_t *e = f + off + *iter;
		uint32_t dw = le32(e);

		if (dw <= WIN_CERT_HEADER || dw > size - *iter) {
			*iter = size;
			return ERR_CORRUPT;
		}
		/* The next entry starts 8-byte aligned (PE/COFF §4.1). */
		*iter += MIN(ALIGN_UP((size_t)dw, 8), size - *iter);
		if (le16(e + 4) == WIN_CERT_REVISION_2_0 &&
		    le16(e + 6) == WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
			p7->p = e + WIN_CERT_HEADER;
			p7->len = dw - WIN_CERT_HEADER;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

/* The section after (ptr, idx) in (PointerToRawData, index) order that
 * holds raw data: a selection walk instead of a sort, so no array of
 * up to PE_MAX_SECTIONS entries is needed (the list is short). */
static int next_section(const uint8_t *f, const struct pe_hash_layout *l,
			uint64_t prev_key, bool first, uint64_t *key)
{
	int best = -1;
	uint64_t best_key = 0;

	for (unsigned i = 0; i < l->nsections; i++) {
		const uint8_t *s = f + l->sections + i * PE_SECTION_SIZE;
		uint64_t k = (uint64_t)le32(s + 20) << 16 | i;

		if (!le32(s + 16) || (!first && k <= prev_key))
			continue;
		if (best < 0 || k < best_key)
			best = (int)i, best_key = k;
	}
	*key = best_key;
	return best;
}

int authenticode_digest(const void *file, size_t len, unsigned mask,
			uint8_t out[HASH_NALG][HASH_MAX_DIGEST])
{
	const uint8_t *f = file;
	struct pe_hash_layout l;
	struct hash_multi m;
	uint64_t key = 0, sum;
	int err, i;

	err = pe_hash_layout(f, len, &l);
	if (err)
		return err;
	hash_multi_init(&m, mask);
	/* Steps 3-8: the headers without the checksum and the entry. */
	hash_multi_update(&m, f, l.checksum);
	if (l.certdir) {
		hash_multi_update(&m, f + l.checksum + 4, l.certdir - l.checksum - 4);
		hash_multi_update(&m, f + l.certdir + 8, l.headers - l.certdir - 8);
	} else {
		hash_multi_update(&m, f + l.checksum + 4, l.headers - l.checksum - 4);
	}
	/* Steps 9-12: the sections with raw data, by PointerToRawData. */
	sum = l.headers;
	for (bool first = true;; first = false) {
		const uint8_t *s;

		i = next_section(f, &l, key, first, &key);
		if (i < 0)
			break;
		s = f + l.sections + (unsigned)i * PE_SECTION_SIZE;
		if (!range_ok(le32(s + 20), le32(s + 16), len))
			return ERR_CORRUPT;
		hash_multi_update(&m, f + le32(s + 20), le32(s + 16));
		sum += le32(s + 16);
	}
	/* Step 13: what follows, minus the certificate table. The spec
	 * (and EDK2, sbsigntools) count from SUM_OF_BYTES_HASHED, which is
	 * the end of the last section when sections are contiguous (every
	 * linker and signer we know lays them out so), and assume the table
	 * is at the end of the file. When it is not, we do as EDK2's
	 * HashPeImage: the same count (so the bytes hashed are not the ones
	 * a signer meant, and the signature fails), and ERR_CORRUPT when the
	 * table does not fit after SUM_OF_BYTES_HASHED. */
	if (len > sum) {
		if (len < sum + l.cert_size)
			return ERR_CORRUPT;
		hash_multi_update(&m, f + sum, len - sum - l.cert_size);
	}
	hash_multi_final(&m, out);
	return 0;
}
