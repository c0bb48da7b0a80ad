/* test_utf8.c - the one UTF-8 decoder (util/utf8.c) that core's text rules
 * read through: well-formed sequences decode, every malformed one answers
 * U+FFFD and gives up exactly one byte, so nothing after it is swallowed;
 * core's readers agree with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/simhash.h"
#include "core/textnorm.h"
#include "util/utf8.h"

static void test_decode_table(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
		bool ok;
		uint32_t cp;
		size_t used;
	} cases[] = {
		{"A", 1, true, 'A', 1},
		{"\xc3\xa9", 2, true, 0xe9, 2},
		{"\xe7\x9f\x9b", 3, true, 0x77db, 3},        /* 矛 */
		{"\xf0\x9f\x98\x80", 4, true, 0x1f600, 4},   /* an emoji */
		{"\xef\xbf\xbd", 3, true, 0xfffd, 3},        /* a real U+FFFD is a character */
		{"\x80", 1, false, 0xfffd, 1},               /* stray continuation */
		{"\xc0\xaf", 2, false, 0xfffd, 1},           /* overlong '/' */
		{"\xe0\x80\xaf", 3, false, 0xfffd, 1},       /* overlong, three bytes */
		{"\xed\xa0\x80", 3, false, 0xfffd, 1},       /* surrogate */
		{"\xf4\x90\x80\x80", 4, false, 0xfffd, 1},   /* beyond U+10FFFF */
		{"\xe7\x9f", 2, false, 0xfffd, 1},           /* cut short by the end */
		{"\xe7" "A", 2, false, 0xfffd, 1},           /* the next character survives */
		{"\xff", 1, false, 0xfffd, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const unsigned char *p = (const unsigned char *)cases[i].in, *start = p;
		uint32_t cp = 0;
		assert_int_equal(utf8_decode(&p, start + cases[i].len, &cp), cases[i].ok);
		assert_int_equal(cp, cases[i].cp);
		assert_int_equal((size_t)(p - start), cases[i].used);
		/* textnorm reads a malformed byte as 0, so it never matches a word */
		const unsigned char *q = start;
		assert_int_equal(textnorm_decode(&q, start + cases[i].len), cases[i].ok ? cases[i].cp : 0);
		assert_ptr_equal(q, p);
	}
}

/* simhash reads through the same decoder: an overlong spelling of a letter
 * is junk (skipped), not the letter, and a cut-short sequence gives up one
 * byte only. */
static void test_simhash_uses_the_decoder(void **state)
{
	(void)state;
	assert_int_equal(simhash_text("\xc1\x81" "bcdefg"), simhash_text("bcdefg")); /* overlong 'A' */
	assert_int_not_equal(simhash_text("Abcdefg"), simhash_text("bcdefg"));
	assert_int_equal(simhash_text("\xe7\x9f" "\xe9\x82\xbb\xe5\xb1\x85\xe7\x9f\x9b\xe7\x9b\xbe"),
			 simhash_text("\xe9\x82\xbb\xe5\xb1\x85\xe7\x9f\x9b\xe7\x9b\xbe")); /* 邻居矛盾 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_simhash_uses_the_decoder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
