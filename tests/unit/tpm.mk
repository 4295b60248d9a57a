# tpm/: TPM 2.0 command marshalling and response parsing; the event log
# writer (with crypto/'s hashes for its known digests, and tpm2_eventlog
# decoding a log it wrote).
UNIT_TESTS += tpm
UNIT_SRCS_tpm := tpm/tpm2_cmd.c lib/err.c
UNIT_TESTS += tpm_log
UNIT_SRCS_tpm_log := tpm/tcg_log.c tpm/tcg_gpt.c tpm/tpm2_cmd.c fs/crc32.c \
	lib/err.c crypto/hash.c \
	crypto/sha1.c crypto/sha256.c crypto/sha512.c
