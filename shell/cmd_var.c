/* Variables: dmpstore, setvar, and bcfg (Boot#### and BootOrder through
 * efilib/loadopt.c, as the EDK2 shell's bcfg does). */
#include "shell/shell_priv.h"

#include "lib/fmt.h"
#include "lib/string.h"

#define VAR_MAX (64u << 10)
#define ORDER_MAX 64
#define ATTR_NV_BS_RT (EFI_VARIABLE_NON_VOLATILE | \
		       EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
/* A variable's data: VAR_MAX bytes from the pool on first use (static, it
 * would be 64 KiB of .bss that every boot zeroes). */
static UINT8 *value;

static bool value_buf(void)
{
	if (!value && sh_bs->AllocatePool(EfiBootServicesData, VAR_MAX, (VOID **)&value)) {
		value = NULL;
		sh_printf("out of memory for a %u KiB variable buffer\n", VAR_MAX >> 10);
	}
	return value != NULL;
}

static void attr_text(UINT32 a, char *out, size_t cap)
{
	fmt_snprintf(out, cap, "%s%s%s%s%s", a & EFI_VARIABLE_NON_VOLATILE ? "NV+" : "",
		     a & EFI_VARIABLE_RUNTIME_ACCESS ? "RT+" : "",
		     a & EFI_VARIABLE_BOOTSERVICE_ACCESS ? "BS" : "",
		     a & EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS ? "+AT" : "",
		     a & EFI_VARIABLE_APPEND_WRITE ? "+AW" : "");
}

static void dump_one(CHAR16 *name, EFI_GUID *g)
{
	UINTN size = VAR_MAX;
	UINT32 attr = 0;
	char n8[128], gt[37], at[24];
	EFI_STATUS s;

	if (!value_buf())
		return;
	s = sh_rt->GetVariable(name, g, &attr, &size, value);

	efilib_ucs2_to_ascii(name, SIZE_MAX, n8, sizeof(n8));
	sh_guid_text(g, gt);
	if (s) {
		sh_printf("Variable '%s:%s': %s\n", gt, n8, efilib_status_str(s));
		return;
	}
	attr_text(attr, at, sizeof(at));
	sh_printf("Variable %s '%s:%s' DataSize = 0x%x\n", at, gt, n8, (unsigned)size);
	sh_hexdump(value, size);
}

int sh_cmd_dmpstore(int argc, char **argv)
{
	CHAR16 name[256] = { 0 }, want[128];
	EFI_GUID g;
	unsigned n = 0;

	if (argc > 1)
		efilib_ascii_to_ucs2(argv[1], SIZE_MAX, want, 128);
	for (;;) {
		UINTN size = sizeof(name);
		EFI_STATUS s = sh_rt->GetNextVariableName(&size, name, &g);

		if (s)
			break;
		if (argc > 1) {
			char n8[128];

			efilib_ucs2_to_ascii(name, SIZE_MAX, n8, sizeof(n8));
			if (!sh_strieq(n8, argv[1]))
				continue;
		}
		dump_one(name, &g);
		n++;
	}
	if (argc > 1 && !n)
		sh_printf("dmpstore: no variable named %s\n", argv[1]);
	else
		sh_printf("%u variable(s)\n", n);
	return 0;
}

/* =@FILE: the value is the file's bytes (an authenticated update made by
 * efitools' sign-efi-sig-list, say). Our extension: the EDK2 shell's
 * setvar has no file form. */
static int file_value(const char *file, UINTN *size)
{
	char path[SH_PATH_MAX];
	int fs = sh.fs;
	void *data;
	EFI_STATUS s;

	if (sh_path_resolve(sh.cwd, file, &fs, path, sizeof(path)) || fs < 0) {
		sh_printf("setvar: %s: bad path\n", file);
		return -1;
	}
	s = sh_read_file(fs, path, &data, size);
	if (s) {
		sh_printf("setvar: %s: %s\n", file, efilib_status_str(s));
		return -1;
	}
	if (*size > VAR_MAX) {
		sh_printf("setvar: %s: more than %u KiB\n", file, VAR_MAX >> 10);
		sh_bs->FreePool(data);
		return -1;
	}
	memcpy(value, data, *size);
	sh_bs->FreePool(data);
	return 0;
}

/* =L"text" (UCS-2), ="text" (ASCII), =hexbytes, =@FILE; "=" alone
 * deletes. */
static int parse_value(const char *v, UINTN *size)
{
	size_t n = strlen(v);

	*size = 0;
	if (v[0] == '@')
		return file_value(v + 1, size) ? 1 : 0;
	if (n >= 3 && v[0] == 'L' && v[1] == '"' && v[n - 1] == '"') {
		for (size_t i = 2; i + 1 < n && *size + 2 <= VAR_MAX; i++) {
			value[(*size)++] = (UINT8)v[i];
			value[(*size)++] = 0;
		}
		return 0;
	}
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		memcpy(value, v + 1, n - 2);
		*size = n - 2;
		return 0;
	}
	if (n % 2 || n / 2 > VAR_MAX)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		if (hex_digit_value(v[i]) < 0 || hex_digit_value(v[i + 1]) < 0)
			return -1;
		value[(*size)++] = (UINT8)(hex_digit_value(v[i]) << 4 | hex_digit_value(v[i + 1]));
	}
	return 0;
}

int sh_cmd_setvar(int argc, char **argv)
{
	EFI_GUID g = global;
	UINT32 attr = 0;
	CHAR16 name[128];
	UINTN size = 0;
	const char *val = NULL;
	EFI_STATUS s;

	if (argc < 2)
		goto usage;
	for (int i = 2; i < argc; i++) {
		if (sh_strieq(argv[i], "-guid") && i + 1 < argc) {
			if (!sh_guid_parse(argv[++i], &g))
				goto usage;
		} else if (sh_strieq(argv[i], "-bs"))
			attr |= EFI_VARIABLE_BOOTSERVICE_ACCESS;
		else if (sh_strieq(argv[i], "-rt"))
			attr |= EFI_VARIABLE_RUNTIME_ACCESS | EFI_VARIABLE_BOOTSERVICE_ACCESS;
		else if (sh_strieq(argv[i], "-nv"))
			attr |= EFI_VARIABLE_NON_VOLATILE;
		else if (sh_strieq(argv[i], "-at")) /* §8.2.3: the value is an
						     * EFI_VARIABLE_AUTHENTICATION_2 write */
			attr |= EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS;
		else if (sh_strieq(argv[i], "-append"))
			attr |= EFI_VARIABLE_APPEND_WRITE;
		else if (argv[i][0] == '=')
			val = argv[i] + 1;
		else
			goto usage;
	}
	efilib_ascii_to_ucs2(argv[1], SIZE_MAX, name, 128);
	if (!val) {
		dump_one(name, &g);
		return 0;
	}
	if (!value_buf())
		return -1;
	switch (parse_value(val, &size)) {
	case 0: break;
	case 1: return -1; /* the file said why */
	default: goto usage;
	}
	if (!attr)
		attr = EFI_VARIABLE_BOOTSERVICE_ACCESS;
	s = sh_rt->SetVariable(name, &g, size ? attr : 0, size, value);
	sh_printf("setvar %s: %s\n", argv[1], efilib_status_str(s));
	return s ? -1 : 0;
usage:
	sh_printf("usage: setvar NAME [-guid GUID] [-bs] [-rt] [-nv] [-at] [-append] "
		  "[=L\"text\" | =\"text\" | =HEX | =@FILE | =]\n");
	return -1;
}

/* ---- bcfg boot ---- */

static UINTN read_order(UINT16 *order)
{
	UINTN size = ORDER_MAX * sizeof(UINT16);

	if (sh_rt->GetVariable(L"BootOrder", &global, NULL, &size, order))
		return 0;
	return size / sizeof(UINT16);
}

static EFI_STATUS write_order(UINT16 *order, UINTN n)
{
	return sh_rt->SetVariable(L"BootOrder", &global, ATTR_NV_BS_RT,
				  n * sizeof(UINT16), order);
}

static void option_name(UINT16 num, CHAR16 *out)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p = "Boot";

	for (int i = 0; i < 4; i++)
		out[i] = (CHAR16)p[i];
	for (int i = 0; i < 4; i++)
		out[4 + i] = (CHAR16)hex[(num >> (12 - 4 * i)) & 15];
	out[8] = 0;
}

static int bcfg_dump(void)
{
	UINT16 order[ORDER_MAX];
	UINTN n = read_order(order);

	if (!value_buf())
		return -1;
	if (!n)
		sh_printf("No boot options (BootOrder not set)\n");
	for (UINTN i = 0; i < n; i++) {
		CHAR16 name[9];
		UINTN size = VAR_MAX;
		struct efilib_load_option lo;
		char desc[128], path[256];

		option_name(order[i], name);
		if (sh_rt->GetVariable(name, &global, NULL, &size, value) ||
		    efilib_loadopt_parse(value, size, &lo)) {
			sh_printf("Option: %02u. Variable: Boot%04X (missing or malformed)\n",
				  (unsigned)i, order[i]);
			continue;
		}
		efilib_ucs2_to_ascii(lo.description, lo.description_chars, desc,
				     sizeof(desc));
		efilib_dp_text(sh_st, lo.file_path, path, sizeof(path));
		sh_printf("Option: %02u. Variable: Boot%04X\n  Desc    - %s\n"
			  "  DevPath - %s\n  Optional- %s (%u bytes)%s\n",
			  (unsigned)i, order[i], desc, path,
			  lo.optional_data_len ? "Y" : "N",
			  (unsigned)lo.optional_data_len,
			  lo.attributes & EFILIB_LOAD_OPTION_ACTIVE ? "" : "  (inactive)");
	}
	return 0;
}

/* bcfg boot add N FILE "Description": a new option at position N. */
static int bcfg_add(UINTN pos, const char *file, const char *desc)
{
	UINT16 order[ORDER_MAX], num = 0;
	UINTN n = read_order(order), size;
	char path[SH_PATH_MAX];
	int fs = sh.fs;
	EFI_DEVICE_PATH *dp;
	CHAR16 d16[128], name[9];
	EFI_STATUS s;

	if (n >= ORDER_MAX || sh_path_resolve(sh.cwd, file, &fs, path, sizeof(path)) ||
	    fs < 0 || !(dp = sh_file_dp(fs, path))) {
		sh_printf("bcfg: %s: bad path\n", file);
		return -1;
	}
	for (bool used = true; used; num++) { /* the lowest free number */
		used = false;
		for (UINTN i = 0; i < n; i++)
			used |= order[i] == num;
		if (!used)
			break;
	}
	efilib_ascii_to_ucs2(desc, SIZE_MAX, d16, 128);
	size = value_buf() ?
		efilib_loadopt_build(value, VAR_MAX, EFILIB_LOAD_OPTION_ACTIVE,
				     d16, dp, (UINT16)efilib_dp_size(dp, EFILIB_DP_MAX),
				     NULL, 0) : 0;
	sh_bs->FreePool(dp);
	if (!size || size > VAR_MAX)
		return -1;
	option_name(num, name);
	s = sh_rt->SetVariable(name, &global, ATTR_NV_BS_RT, size, value);
	if (!s) {
		if (pos > n)
			pos = n;
		memmove(order + pos + 1, order + pos, (n - pos) * sizeof(UINT16));
		order[pos] = num;
		s = write_order(order, n + 1);
	}
	sh_printf("bcfg: Boot%04X at position %u: %s\n", num, (unsigned)pos,
		  efilib_status_str(s));
	return s ? -1 : 0;
}

static int bcfg_rm(UINTN pos)
{
	UINT16 order[ORDER_MAX];
	UINTN n = read_order(order);
	CHAR16 name[9];

	if (pos >= n) {
		sh_printf("bcfg: no option %u\n", (unsigned)pos);
		return -1;
	}
	option_name(order[pos], name);
	sh_rt->SetVariable(name, &global, 0, 0, NULL);
	memmove(order + pos, order + pos + 1, (n - pos - 1) * sizeof(UINT16));
	return write_order(order, n - 1) ? -1 : 0;
}

static int bcfg_mv(UINTN from, UINTN to)
{
	UINT16 order[ORDER_MAX], v;
	UINTN n = read_order(order);

	if (from >= n || to >= n) {
		sh_printf("bcfg: positions must be below %u\n", (unsigned)n);
		return -1;
	}
	v = order[from];
	memmove(order + from, order + from + 1, (n - from - 1) * sizeof(UINT16));
	memmove(order + to + 1, order + to, (n - 1 - to) * sizeof(UINT16));
	order[to] = v;
	return write_order(order, n) ? -1 : 0;
}

int sh_cmd_bcfg(int argc, char **argv)
{
	unsigned long a, b;

	if (argc < 3 || !sh_strieq(argv[1], "boot"))
		goto usage;
	if (sh_strieq(argv[2], "dump"))
		return bcfg_dump();
	if (sh_strieq(argv[2], "add") && argc == 6 &&
	    !sh_parse_uint(argv[3], ORDER_MAX, &a))
		return bcfg_add(a, argv[4], argv[5]);
	if (sh_strieq(argv[2], "rm") && argc == 4 &&
	    !sh_parse_uint(argv[3], ORDER_MAX, &a))
		return bcfg_rm(a);
	if (sh_strieq(argv[2], "mv") && argc == 5 &&
	    !sh_parse_uint(argv[3], ORDER_MAX, &a) &&
	    !sh_parse_uint(argv[4], ORDER_MAX, &b))
		return bcfg_mv(a, b);
usage:
	sh_printf("usage: bcfg boot dump | add N FILE \"DESC\" | rm N | mv N M\n");
	return -1;
}
