/* Time-based authenticated variables and the Secure Boot key hierarchy on
 * the variable store (UEFI 2.10 §8.2.3, §32.3, §32.6): see varauth.h.
 *
 * Runtime region code: SetVariable of PK/KEK/db/dbx works after
 * ExitBootServices. The signed content is built in the store's free space
 * (varstore_scratch) and the keys are read in place (varstore_peek): no
 * allocation; the crypto/ verifier is runtime region code too. */
#include "efi/runtime/varauth.h"

#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define AUTH2_MIN (VARSTORE_TS_SIZE + 8 + 16) /* TimeStamp + WIN_CERTIFICATE_UEFI_GUID */

/* EFI_GLOBAL_VARIABLE {8BE4DF61-93CA-11d2-AA0D-00E098032B8C} in memory
 * order; variables.c checks it against gnu-efi's at boot. */
static const struct var_guid global_guid = { { 0x61, 0xdf, 0xe4, 0x8b, 0xca,
					       0x93, 0xd2, 0x11, 0xaa, 0x0d,
					       0x00, 0xe0, 0x98, 0x03, 0x2b,
					       0x8c } };

enum kind { K_OTHER, K_PK, K_KEK, K_DB };

static bool name_is(const uint16_t *n, const char *a)
{
	size_t i;

	for (i = 0; a[i]; i++)
		if (n[i] != (uint8_t)a[i])
			return false;
	return !n[i];
}

static const struct var_guid *db_guid(void)
{
	return (const struct var_guid *)(const void *)sig_guid(SIG_GUID_IMAGE_SEC_DB);
}

static enum kind classify(const uint16_t *name, const struct var_guid *g)
{
	if (!memcmp(g, &global_guid, sizeof(*g)))
		return name_is(name, "PK") ? K_PK :
		       name_is(name, "KEK") ? K_KEK : K_OTHER;
	/* §32.6.1: db, dbx; §32.6.3: dbt (timestamps), dbr (recovery). */
	if (!memcmp(g, db_guid(), sizeof(*g)) &&
	    (name_is(name, "db") || name_is(name, "dbx") ||
	     name_is(name, "dbt") || name_is(name, "dbr")))
		return K_DB;
	return K_OTHER;
}

int varauth_parse(const void *data, size_t size, struct varauth_hdr *out)
{
	const uint8_t *d = data, *ts = d, *wc = d + VARSTORE_TS_SIZE;
	uint32_t len;

	if (!data || size < AUTH2_MIN)
		return ERR_SECURITY;
	/* §8.2.3: Pad1, Nanosecond, TimeZone, Daylight and Pad2 are zero. */
	if (ts[7] || le32(ts + 8) || le16(ts + 12) || ts[14] || ts[15])
		return ERR_SECURITY;
	len = le32(wc); /* dwLength: the whole WIN_CERTIFICATE_UEFI_GUID */
	if (len < 8 + 16 || !range_ok(VARSTORE_TS_SIZE, len, size) ||
	    le16(wc + 4) != VARAUTH_WIN_CERT_REVISION ||
	    le16(wc + 6) != VARAUTH_WIN_CERT_TYPE_EFI_GUID ||
	    memcmp(wc + 8, sig_guid(SIG_GUID_CERT_PKCS7), 16))
		return ERR_SECURITY;
	out->ts = ts;
	out->p7 = wc + 24;
	out->p7_len = len - 24;
	out->payload = d + VARSTORE_TS_SIZE + len;
	out->payload_len = size - VARSTORE_TS_SIZE - len;
	return 0;
}

bool varauth_user_mode(const void *arena)
{
	const void *pk;
	size_t len;

	return !varstore_peek(arena, u"PK", &global_guid, &pk, &len);
}

/* §8.2.3: the signed bytes are VariableName (no NUL) || VendorGuid ||
 * Attributes || TimeStamp || Data, built in the store's free space. */
static int signed_content(void *arena, const uint16_t *name,
			  const struct var_guid *g, uint32_t attrs,
			  const struct varauth_hdr *a, uint8_t **out,
			  size_t *len)
{
	size_t n = 0, cap, total;
	uint8_t *p;
	int err;

	while (name[n])
		n++;
	if ((err = varstore_scratch(arena, &p, &cap)))
		return err;
	total = 2 * n + sizeof(*g) + 4 + VARSTORE_TS_SIZE;
	if (total > cap || a->payload_len > cap - total)
		return ERR_NOMEM;
	memcpy(p, name, 2 * n);
	memcpy(p + 2 * n, g, sizeof(*g));
	put_le32(p + 2 * n + sizeof(*g), attrs);
	memcpy(p + 2 * n + sizeof(*g) + 4, a->ts, VARSTORE_TS_SIZE);
	memcpy(p + total, a->payload, a->payload_len);
	*out = p;
	*len = total + a->payload_len;
	return 0;
}

struct try_ctx {
	const struct pkcs7 *p7;
	const uint8_t *msg;
	size_t len;
};

/* One key database entry as the PKCS#7 trust anchor. */
static bool try_anchor(void *ctx, const struct sig_entry *e)
{
	const struct try_ctx *t = ctx;
	struct x509_cert anchor;

	if (x509_parse(e->data, e->data_len, &anchor))
		return false;
	return !pkcs7_verify(t->p7, t->msg, t->len, &anchor);
}

/* Verified by a certificate of the variable name's key database? */
static bool signed_by(const void *arena, const char *db, struct try_ctx *t)
{
	uint16_t n[4] = { 0 };
	const void *keys;
	size_t len;

	for (size_t i = 0; db[i] && i < 3; i++)
		n[i] = (uint8_t)db[i];
	if (varstore_peek(arena, n, &global_guid, &keys, &len))
		return false;
	return siglist_each_x509(keys, len, try_anchor, t, NULL);
}

/* §32.6: PK and KEK are signed by PK; db, dbx... by KEK or PK. */
static int verify(void *arena, enum kind k, const uint16_t *name,
		  const struct var_guid *g, uint32_t attrs,
		  const struct varauth_hdr *a)
{
	struct pkcs7 p7;
	struct try_ctx t = { &p7, NULL, 0 };
	uint8_t *msg;
	int err;

	if ((err = signed_content(arena, name, g, attrs, a, &msg, &t.len)))
		return err;
	t.msg = msg;
	if (pkcs7_parse(a->p7, a->p7_len, &p7))
		return ERR_SECURITY;
	if (k == K_DB && signed_by(arena, "KEK", &t))
		return 0;
	return signed_by(arena, "PK", &t) ? 0 : ERR_SECURITY;
}

/* The new value: signature lists of types we enforce; PK is one X.509
 * certificate (§32.3.1: the platform key is one public key). */
static int value_ok(enum kind k, uint32_t attrs, const uint8_t *v,
		    size_t len)
{
	struct sig_iter it;
	struct sig_entry e;
	unsigned n = 0;

	if (siglist_check(v, len, true))
		return ERR_INVAL;
	if (k != K_PK)
		return 0;
	if (attrs & VAR_APPEND_WRITE)
		return ERR_INVAL;
	siglist_iter_init(&it, v, len);
	while (!siglist_next(&it, &e))
		if (e.type != SIG_X509 || ++n > 1)
			return ERR_INVAL;
	return n == 1 ? 0 : ERR_INVAL;
}

/* §32.3: SetupMode and SecureBoot follow PK. */
static void set_mode(void *arena, bool user)
{
	uint8_t setup = !user, sb = user;

	varstore_update_fw(arena, u"SetupMode", &global_guid, &setup, 1);
	varstore_update_fw(arena, u"SecureBoot", &global_guid, &sb, 1);
}

static int set_sb_var(void *arena, enum kind k, const uint16_t *name,
		      const struct var_guid *guid, uint32_t attrs,
		      const void *data, size_t size)
{
	uint8_t old_ts[VARSTORE_TS_SIZE];
	struct varauth_hdr a;
	uint32_t old_attrs;
	bool found;
	int err;

	if ((attrs & ~VAR_APPEND_WRITE) != VARAUTH_SB_ATTRS)
		return ERR_INVAL; /* as EDK2: NV and TIME_BASED required */
	if ((err = varauth_parse(data, size, &a)))
		return err;
	err = varstore_get_auth(arena, name, guid, &old_attrs, old_ts);
	if (err && err != ERR_NOTFOUND)
		return err;
	found = !err;
	/* §8.2.3: later than the stored one, except APPEND_WRITE. */
	if (found && !(attrs & VAR_APPEND_WRITE) &&
	    varstore_ts_cmp(a.ts, old_ts) <= 0)
		return ERR_SECURITY;
	/* §32.3.2: in Setup Mode the signature is not checked (EDK2 does the
	 * same, PK included). */
	if (varauth_user_mode(arena) &&
	    (err = verify(arena, k, name, guid, attrs, &a)))
		return err;
	if (a.payload_len && (err = value_ok(k, attrs, a.payload, a.payload_len)))
		return err;
	err = varstore_set_auth(arena, name, guid, attrs, a.payload,
				a.payload_len, a.ts, true);
	if (!err && k == K_PK)
		set_mode(arena, varauth_user_mode(arena));
	return err;
}

/* The signer's chain in the bag (§8.2.3): the signer first, then each
 * issuer; it ends where the next signer's chain starts. */
struct chain_ctx {
	struct x509_cert signer, top;
	unsigned n;
};

static bool chain_cert(void *ctx, const struct x509_cert *cert)
{
	struct chain_ctx *c = ctx;

	if (c->n && x509_signed_by(&c->top, cert))
		return true; /* another signer's chain */
	if (!c->n++)
		c->signer = *cert;
	c->top = *cert;
	return false;
}

/* §8.2.3 for a private variable: the PKCS#7 verifies the signed content
 * with the top-level certificate of the signer's chain (from its own
 * bag) as anchor; *id is then that signer. */
static int verify_priv(void *arena, const uint16_t *name,
		       const struct var_guid *g, uint32_t attrs,
		       const struct varauth_hdr *a, struct varcert_id *id)
{
	struct chain_ctx c = { .n = 0 };
	struct der_span cn;
	struct pkcs7 p7;
	uint8_t *msg;
	size_t len;
	int err;

	if ((err = signed_content(arena, name, g, attrs, a, &msg, &len)))
		return err;
	if (pkcs7_parse(a->p7, a->p7_len, &p7))
		return ERR_SECURITY;
	(void)pkcs7_any_chain_cert(&p7, chain_cert, &c);
	if (!c.n || x509_subject_cn(&c.signer, &cn) ||
	    pkcs7_verify(&p7, msg, len, &c.top))
		return ERR_SECURITY;
	hash_once(HASH_SHA256, cn.p, cn.len, id->cn);
	hash_once(HASH_SHA256, c.top.tbs.p, c.top.tbs.len, id->tbs);
	return 0;
}

/* A variable other than the Secure Boot databases written with
 * TIME_BASED_AUTHENTICATED_WRITE_ACCESS (§8.2.3; EDK2's AuthVarTypePriv):
 * the creator's identity is recorded; later writes must come from it and
 * be later (APPEND_WRITE aside); deleting it forgets the identity. */
static int set_priv_var(void *arena, const uint16_t *name,
			const struct var_guid *guid, uint32_t attrs,
			const void *data, size_t size)
{
	uint8_t old_ts[VARSTORE_TS_SIZE];
	struct varcert_id id, old_id;
	struct varauth_hdr a;
	uint32_t old_attrs;
	bool found, del;
	int err;

	if ((err = varauth_parse(data, size, &a)))
		return err;
	err = varstore_get_auth(arena, name, guid, &old_attrs, old_ts);
	if (err && err != ERR_NOTFOUND)
		return err;
	found = !err;
	if (found && !(old_attrs & VARAUTH_TIME_BASED))
		return ERR_INVAL; /* other attributes: the store's answer */
	if (found && !(attrs & VAR_APPEND_WRITE) &&
	    varstore_ts_cmp(a.ts, old_ts) <= 0)
		return ERR_SECURITY;
	if ((err = verify_priv(arena, name, guid, attrs, &a, &id)))
		return err;
	/* §8.2.3: the same Common Name and top-level certificate. */
	if (found && (varcert_get(arena, name, guid, &old_id) ||
		      memcmp(&id, &old_id, sizeof(id))))
		return ERR_SECURITY;
	del = !a.payload_len && !(attrs & VAR_APPEND_WRITE);
	/* Recorded first, so that a full store changes nothing. */
	if (!found && !del && (err = varcert_add(arena, name, guid, &id)))
		return err;
	err = varstore_set_auth(arena, name, guid, attrs, a.payload,
				a.payload_len, a.ts, false);
	if (err ? !found : del)
		varcert_remove(arena, name, guid);
	return err;
}

int varauth_set(void *arena, const uint16_t *name,
		const struct var_guid *guid, uint32_t attrs, const void *data,
		size_t size)
{
	enum kind k;

	if (!name || !guid || (size && !data))
		return ERR_INVAL;
	k = classify(name, guid);
	if (k != K_OTHER)
		return set_sb_var(arena, k, name, guid, attrs, data, size);
	/* Both kinds of authentication at once stays INVALID_PARAMETER (the
	 * store's). A write without TIME_BASED to a time-based variable is
	 * the store's WRITE_PROTECTED. */
	if ((attrs & VARAUTH_TIME_BASED) &&
	    !(attrs & VAR_ENHANCED_AUTHENTICATED_ACCESS))
		return set_priv_var(arena, name, guid, attrs, data, size);
	return varstore_set(arena, name, guid, attrs, data, size);
}

/* One embedded database, installed as the firmware's (timestamp zero). */
static int install(void *arena, enum kind k, const uint16_t *name,
		   const struct var_guid *g, const void *v, size_t len)
{
	static const uint8_t zero_ts[VARSTORE_TS_SIZE];

	if (!len)
		return 0;
	if (value_ok(k, 0, v, len))
		return ERR_CORRUPT;
	return varstore_set_auth(arena, name, g, VARAUTH_SB_ATTRS, v, len,
				 zero_ts, true);
}

static int check_keys(const struct varauth_keys *k)
{
	if ((k->pk_len && value_ok(K_PK, 0, k->pk, k->pk_len)) ||
	    value_ok(K_KEK, 0, k->kek, k->kek_len) ||
	    value_ok(K_DB, 0, k->db, k->db_len) ||
	    value_ok(K_DB, 0, k->dbx, k->dbx_len))
		return ERR_CORRUPT;
	return 0;
}

/* §32.4.1: the signature types we enforce, for SignatureSupport. */
static const uint8_t supported[] = { SIG_SHA1, SIG_SHA256, SIG_SHA384,
				     SIG_SHA512, SIG_X509, SIG_X509_SHA256,
				     SIG_X509_SHA384, SIG_X509_SHA512 };

static int mode_vars(void *arena)
{
	const uint32_t bs_rt = VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS;
	uint8_t user = varauth_user_mode(arena), setup = !user, zero = 0;
	uint8_t guids[sizeof(supported) * 16];

	for (size_t i = 0; i < sizeof(supported); i++)
		memcpy(guids + 16 * i, sig_type_guid(supported[i]), 16);
	if (varstore_set_fw(arena, u"SetupMode", &global_guid, bs_rt, &setup,
			    1, VARSTORE_F_READONLY) ||
	    varstore_set_fw(arena, u"SecureBoot", &global_guid, bs_rt, &user,
			    1, VARSTORE_F_READONLY) ||
	    varstore_set_fw(arena, u"AuditMode", &global_guid, bs_rt, &zero, 1,
			    VARSTORE_F_READONLY) ||
	    varstore_set_fw(arena, u"DeployedMode", &global_guid, bs_rt, &zero,
			    1, VARSTORE_F_READONLY) ||
	    varstore_set_fw(arena, u"SignatureSupport", &global_guid, bs_rt,
			    guids, sizeof(guids), VARSTORE_F_READONLY))
		return ERR_NOMEM;
	return 0;
}

int varauth_init(void *arena, const struct varauth_keys *keys)
{
	int err = 0;

	if (keys && !(err = check_keys(keys))) {
		/* PK last: the mode follows it. */
		err = install(arena, K_KEK, u"KEK", &global_guid, keys->kek,
			      keys->kek_len);
		if (!err)
			err = install(arena, K_DB, u"db", db_guid(), keys->db,
				      keys->db_len);
		if (!err)
			err = install(arena, K_DB, u"dbx", db_guid(), keys->dbx,
				      keys->dbx_len);
		if (!err)
			err = install(arena, K_PK, u"PK", &global_guid, keys->pk,
				      keys->pk_len);
	}
	if (mode_vars(arena))
		return ERR_NOMEM;
	return err;
}
