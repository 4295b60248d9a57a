/* Firmware-only: the host build uses the C library's versions. */
#include "lib/string.h"

#include <stdint.h>

/* Bulk in 8-byte units, then the tail: string instructions count once per
 * iteration under emulation, and are fast on hardware (ERMS) either way. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;
	size_t q = n / 8, r = n % 8;

	__asm__ volatile("rep movsq\n\t"
			 "movq %3, %%rcx\n\t"
			 "rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(q)
			 : "r"(r)
			 : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlap with dst above src: copy backwards. */
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t pattern = 0x0101010101010101ull * (uint8_t)c;
	size_t q = n / 8, r = n % 8;

	__asm__ volatile("rep stosq\n\t"
			 "movq %3, %%rcx\n\t"
			 "rep stosb"
			 : "+D"(dst), "+c"(q)
			 : "a"(pattern), "r"(r)
			 : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
