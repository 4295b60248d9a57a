#include "lib/err.h"

const char *err_str(int err)
{
	switch (err) {
	case ERR_OK: return "ok";
	case ERR_INVAL: return "invalid argument";
	case ERR_NOMEM: return "out of memory";
	case ERR_NOTFOUND: return "not found";
	case ERR_RANGE: return "out of range";
	case ERR_IO: return "I/O error";
	case ERR_TIMEOUT: return "timeout";
	case ERR_UNSUPPORTED: return "unsupported";
	case ERR_CORRUPT: return "corrupt data";
	case ERR_BUSY: return "busy";
	case ERR_RDONLY: return "read-only";
	case ERR_TRUNC: return "buffer too small";
	case ERR_SECURITY: return "security violation";
	default: return "unknown error";
	}
}
