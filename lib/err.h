/* Error codes used inside the firmware: 0 is success, failures are negative.
 * EFI_STATUS exists only at the EFI boundary and is converted there. */
#ifndef LIB_ERR_H
#define LIB_ERR_H

enum {
	ERR_OK = 0,
	ERR_INVAL = -1,       /* malformed argument or input */
	ERR_NOMEM = -2,       /* allocation or table capacity exhausted */
	ERR_NOTFOUND = -3,    /* the thing asked for does not exist */
	ERR_RANGE = -4,       /* address, length or index out of bounds */
	ERR_IO = -5,          /* device reported an error */
	ERR_TIMEOUT = -6,     /* a bounded poll ran out */
	ERR_UNSUPPORTED = -7, /* valid request we do not implement */
	ERR_CORRUPT = -8,     /* outside data failed validation */
	ERR_BUSY = -9,        /* resource in use */
	ERR_RDONLY = -10,     /* write to read-only medium */
	ERR_TRUNC = -11,      /* output buffer too small (needed size reported) */
	ERR_SECURITY = -12,   /* a signature or a policy check refused it */
};

/* A short lower-case name for an error code, for log lines. */
const char *err_str(int err);

#endif
