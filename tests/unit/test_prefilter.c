/* test_prefilter.c - how the prefilter (http/prefilter.h) reads the start of
 * a connection: where a header block ends, and which Content-Length values
 * it refuses before libmicrohttpd would answer them twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/prefilter.h"

struct row {
	const char *in;
	http_peek want;
};

static void check(const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		http_peek got = http_prefilter_classify(rows[i].in, strlen(rows[i].in));
		if (got != rows[i].want)
			fail_msg("\"%s\": got %d, want %d", rows[i].in, got, rows[i].want);
	}
}

#define RQ "POST /x HTTP/1.1\r\nHost: x\r\n"

static void header_block_end(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"", HTTP_PEEK_MORE},
		{"GET / HTTP/1.1", HTTP_PEEK_MORE},
		{"GET / HTTP/1.1\r\n", HTTP_PEEK_MORE},
		{"GET / HTTP/1.1\r\nHost: x\r\n", HTTP_PEEK_MORE},
		{"GET / HTTP/1.1\r\nHost: x\r\n\r", HTTP_PEEK_MORE},
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", HTTP_PEEK_PASS},
		{"GET / HTTP/1.1\nHost: x\n\n", HTTP_PEEK_PASS},          /* bare LF, as the library accepts */
		{"\r\n\r\nGET / HTTP/1.1\r\n\r\n", HTTP_PEEK_PASS},      /* empty lines before the request line */
		{RQ "Content-Length: -1\r\n", HTTP_PEEK_MORE},            /* judged only once the block is whole */
		{RQ "Content-Length: 2\r\n\r\n{}", HTTP_PEEK_PASS},
		{RQ "Content-Length: 2\r\n\r\n-1\r\nContent-Length: -1\r\n\r\n", HTTP_PEEK_PASS}, /* the body is not headers */
	};
	check(rows, sizeof rows / sizeof rows[0]);
}

static void content_length(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{RQ "Content-Length: 0\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "Content-Length: 007\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "content-length:5\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "CONTENT-LENGTH: \t5 \t\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "Content-Length: 9223372036854775807\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", HTTP_PEEK_PASS}, /* the server refuses it itself */
		{RQ "Content-Lengthy: -1\r\nX-Content-Length: -1\r\n\r\n", HTTP_PEEK_PASS},
		{RQ "Content-Length: 9223372036854775808\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 99999999999999999999\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: -1\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: +2\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: abc\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 0x10\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 1 2\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 2, 2\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length:\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length : -1\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 2\r\nContent-Length: 5\r\n\r\n", HTTP_PEEK_BAD_CL},
		{RQ "Content-Length: 2\r\n 5\r\n\r\n", HTTP_PEEK_BAD_CL},             /* folded onto a second line */
		{RQ "Content-Length: 2\r\n \r\n\r\n", HTTP_PEEK_PASS},                /* a fold of only spaces */
		{RQ "X-A: 1\r\n 2\r\nContent-Length: 2\r\n\r\n", HTTP_PEEK_PASS},
	};
	check(rows, sizeof rows / sizeof rows[0]);
}

/* A NUL in the header block does not end it early. */
static void raw_bytes(void **state)
{
	(void)state;
	static const char in[] = RQ "X-A: a\0b\r\nContent-Length: -1\r\n\r\n";
	assert_int_equal(http_prefilter_classify(in, sizeof in - 1), HTTP_PEEK_BAD_CL);
	assert_int_equal(http_prefilter_classify(in, 3), HTTP_PEEK_MORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_block_end),
		cmocka_unit_test(content_length),
		cmocka_unit_test(raw_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
