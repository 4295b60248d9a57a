/* crypto/sha*.c, hash.c: FIPS 180-4 against the NIST examples ("abc",
 * the empty string, the 448- and 896-bit messages, a million 'a'; NIST
 * CSRC "Example Values" and CAVP), messages of the lengths around the
 * padding boundaries (55/56/63/64 for the 64-byte blocks, 111/112/127/128
 * for the 128-byte ones; digests by Python's hashlib), every split of a
 * message over two updates, and hash_multi against the single hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"

struct vec {
	const char *msg;        /* NULL: the pattern of length len */
	size_t len;
	size_t repeat;          /* msg repeated (the million 'a') */
	const char *hex[HASH_NALG];
};

static const struct vec vecs[] = {
	{ "abc", 3, 1, {
		  "a9993e364706816aba3e25717850c26c9cd0d89d",
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
		} },
	{ "", 0, 1, {
		  "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		  "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
		} },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 1, {
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		  "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
		  "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
		} },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112, 1, {
		  "a49b2446a02c645bf419f995b67091253a04a259",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
		  "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
		  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
		} },
	{ "a", 1, 1000000, {
		  "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
		  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		  "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
		  "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
		} },
	{ NULL, 55, 1, {
		  "ddf57317ef34bfee3b6df83d359098930eb278bc",
		  "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b",
		  "fc2728f452750d08b5dbad1aea53202e7fc19c06894d13e36c433b0444a899277c49f16e0577c03db0f0605578836ef6",
		  "14fd424b1fcadee624da946ab03f7e1def7c0d6e00f689594319881a26ff30b875ba4c622ac13100c8cc784c9c2eb23159aecbb4a02e3999062f551193e2b256",
		} },
	{ NULL, 56, 1, {
		  "a0d492bb0fc889d0eca3bc137066ab6f4f74f369",
		  "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27",
		  "6c969a865f38d2eaac60b7963a84c97ba27bcb76e589cbe1e2e89ead6aee4ad0337a4268f054be49c604ddd99692036d",
		  "480fa85be41ef55a41208ca28ffc8743c91cf7d24758defe6f95bfb16de614fc86b701034896b047dd571de4318853d80e0809df162f1752cb26da6ddb94a0dd",
		} },
	{ NULL, 63, 1, {
		  "c55856749bef509bdfe6bfebfc7bf4e793e82132",
		  "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055",
		  "be67a9a1162c1d97f183980dc811f4f4f835b8b850eb32ecbf87397b26369bc6646a8f2234940dcff142b627c8e21ebb",
		  "ecd42a703a4e93e163d60d55e3785b1a763838b0351bc2e6f7c94b4bfb24f9aa15da5d744ebcebe11f0fc4315d45ba3a047b6e60e07448357f2795bf34b73502",
		} },
	{ NULL, 64, 1, {
		  "bede92be29c3874e1b54ddc77988d606fc857a8e",
		  "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241",
		  "99d26430f561864c2f7d90b68650b960c86c85d6bf7f54ceeee404bdd59663a7f05588b5c750b862a2a24f6a9ad4c050",
		  "8f3cc30b3fb5bf963688a46488249248ac2c67f0f85a145233c6c1e3c16dcd1df634c07d1d31da02576f65b9cf64e1c3fdb318b689b8a14e2e9552bcf30fb133",
		} },
	{ NULL, 111, 1, {
		  "4a01b1272627e5be00f57bc3c3029c23a452e629",
		  "67d9492e628fd376e0b2efec8ca2b99b123e202cf620deb270728df979b2f73e",
		  "341388a9dc2275074e90cf394323761919761c805fd9e370977c9966a0e8c81a52135f02577670b0071638a4a26dbc31",
		  "68cffa6d0d76f309c9ce0d35280939f8e25990c43b7b086ccdf709be35b07d4ddba599541ff2b1c19d34ea49aeafb9659adb7ac3c0b078bb30a22d57fc6687ef",
		} },
	{ NULL, 112, 1, {
		  "54c08c2a0ed21de25e3d8606c3929454eb1d3f8b",
		  "96b928cff8528dbb99602c709a65b846cb6467acb8b722f0d758e4dc27bfc508",
		  "619cc5d06138526d70659eccf602d197e63e1050e22039a7feb40a30a5b2b08fb03729e291df12f8c576e6f1cd8af22a",
		  "d0865c524d1dddf7c23b799c413f5adcd7caefd3f66a9b49750ec81066012c25a8bcf94ddea6dc525691673097ca40e0101e897fc97218cfdb0704084e2bef4b",
		} },
	{ NULL, 127, 1, {
		  "34d5e582029e9b9b85b2febe31da3db7cdabaaea",
		  "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07",
		  "f8234ab81f5f9641c656680825a9bbb3c2616bcc80b65d5e479a4d96742e1b8742330c9e8256ef5f03caa932487044ca",
		  "e0b6a20f1c0c88970a9340152cd5a1c1ecf3d3b8de55102741879438079473540133b812706e5dbec322c8c9523b6fc8c6d16ee626e87ad5fe3d2916afedc369",
		} },
	{ NULL, 128, 1, {
		  "a09133e6730ffe899efb70204cb5646cd5dc24ee",
		  "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6",
		  "e8480e9c4dd90f88104a79cbaccec48edbd798a142b4f241d726dc252f1502350e824c7d18dadd59d7d716919fb8f9bf",
		  "99b16f17aa0b969a5b8f08f367719d516e330ccd2660b6f0688ec031dbc783de50a1cd185a2568dba75070a2403d17d4741d163578515dfd2ff756ddfe4d47b1",
		} },
	{ NULL, 129, 1, {
		  "808aea332ce367541d37adae7f94e59c5c1a934e",
		  "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4",
		  "430173387764874661acba1e914e50f6d0fbac534809e859b1da4396fad3d5f24c25c6a2d02486d8fbda3994713d981a",
		  "a1556e29185778aa5991e34b8884c840d589f0fbb4b8ed590e51e9ac4eb03a008125000db2671f8fe7f485b59a77b518670078ecb41a54b4cd02a7f1d2ca4c6d",
		} },
	{ NULL, 1000, 1, {
		  "4231a8a50a10fa9758db8ec71fdef855b751048a",
		  "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371",
		  "94c38db521ca733b8904c2d14b6e82d33dcfcc26e1318c579dbee1fc2f472019034e792263b9d46e90e700de2f6e7e91",
		  "00e36fccf193e59697a92b5ab24666ce6326d7fa16bf10832d0991ddc591112e9dfa6a636950ed9c4d67344a760654c2ff7785e1d60094d651038735b5dccabd",
		} },
};

static void hex_to(const char *hex, uint8_t *out)
{
	for (size_t i = 0; hex[2 * i]; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* The pattern messages: byte i is 7i + 3. */
static uint8_t *vec_msg(const struct vec *v, size_t *len)
{
	size_t one = v->msg ? strlen(v->msg) : v->len;
	uint8_t *m = malloc(one * v->repeat + 1);

	assert_non_null(m);
	for (size_t r = 0; r < v->repeat; r++)
		for (size_t i = 0; i < one; i++)
			m[r * one + i] = v->msg ? (uint8_t)v->msg[i] : (uint8_t)(i * 7 + 3);
	*len = one * v->repeat;
	return m;
}

static void test_vectors(void **state)
{
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		size_t len;
		uint8_t *m = vec_msg(&vecs[i], &len);

		assert_int_equal(len, vecs[i].len * vecs[i].repeat);
		for (unsigned a = 0; a < HASH_NALG; a++) {
			uint8_t want[HASH_MAX_DIGEST], got[HASH_MAX_DIGEST];

			hex_to(vecs[i].hex[a], want);
			assert_int_equal(strlen(vecs[i].hex[a]), 2 * hash_size(a));
			hash_once(a, m, len, got);
			if (memcmp(want, got, hash_size(a)))
				fail_msg("vector %zu (len %zu) alg %u differs", i, len, a);
		}
		free(m);
	}
}

/* The million 'a' fed in uneven pieces: the block buffer at every offset. */
static void test_pieces(void **state)
{
	const struct vec *v = &vecs[4];
	uint8_t want[HASH_MAX_DIGEST], got[HASH_MAX_DIGEST], a[997];

	memset(a, 'a', sizeof(a));
	for (unsigned alg = 0; alg < HASH_NALG; alg++) {
		struct hash_ctx ctx;
		size_t left = 1000000, step = 1;

		hash_init(&ctx, alg);
		while (left) {
			size_t n = step < left ? step : left;

			hash_update(&ctx, a, n);
			left -= n;
			step = step % 997 + 1;
		}
		hash_final(&ctx, got);
		hex_to(v->hex[alg], want);
		assert_memory_equal(want, got, hash_size(alg));
	}
}

/* Every split of a 300-byte message over two updates equals one update. */
static void test_splits(void **state)
{
	uint8_t m[300], want[HASH_MAX_DIGEST], got[HASH_MAX_DIGEST];

	for (size_t i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)(i * 13 + 1);
	for (unsigned alg = 0; alg < HASH_NALG; alg++) {
		hash_once(alg, m, sizeof(m), want);
		for (size_t cut = 0; cut <= sizeof(m); cut++) {
			struct hash_ctx ctx;

			hash_init(&ctx, alg);
			hash_update(&ctx, m, cut);
			hash_update(&ctx, m + cut, sizeof(m) - cut);
			hash_final(&ctx, got);
			assert_memory_equal(want, got, hash_size(alg));
		}
	}
}

/* hash_multi of every mask equals the separate hashes, and leaves the
 * algorithms outside the mask untouched. */
static void test_multi(void **state)
{
	size_t len = 100003;
	uint8_t *m = malloc(len);

	assert_non_null(m);
	for (size_t i = 0; i < len; i++)
		m[i] = (uint8_t)(i ^ (i >> 8));
	for (unsigned mask = 0; mask < HASH_BIT(HASH_NALG); mask++) {
		struct hash_multi hm;
		uint8_t out[HASH_NALG][HASH_MAX_DIGEST], want[HASH_MAX_DIGEST];

		memset(out, 0xee, sizeof(out));
		hash_multi_init(&hm, mask);
		hash_multi_update(&hm, m, 5000);
		hash_multi_update(&hm, m + 5000, len - 5000);
		hash_multi_final(&hm, out);
		for (unsigned a = 0; a < HASH_NALG; a++) {
			if (!(mask & HASH_BIT(a))) {
				assert_int_equal(out[a][0], 0xee);
				continue;
			}
			hash_once(a, m, len, want);
			assert_memory_equal(want, out[a], hash_size(a));
		}
	}
	free(m);
}

static void test_sizes(void **state)
{
	assert_int_equal(hash_size(HASH_SHA1), 20);
	assert_int_equal(hash_size(HASH_SHA256), 32);
	assert_int_equal(hash_size(HASH_SHA384), 48);
	assert_int_equal(hash_size(HASH_SHA512), 64);
	assert_int_equal(hash_size(HASH_NALG), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_splits),
		cmocka_unit_test(test_multi),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
