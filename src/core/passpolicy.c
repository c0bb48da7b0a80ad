/* passpolicy.c - the password rule: length, common passwords (a sorted
 * array of lower-cased entries searched by bsearch), the username, the
 * character classes. */
#include "core/passpolicy.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

#define LINE_MAX_BYTES 128

struct passpolicy_list {
	char **v;
	size_t n;
	char *pool;
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void passpolicy_list_free(passpolicy_list *l)
{
	if (!l)
		return;
	mem_free(l->v);
	mem_free(l->pool);
	mem_free(l);
}

size_t passpolicy_list_count(const passpolicy_list *l)
{
	return l ? l->n : 0;
}

fq_status passpolicy_list_parse(const char *buf, size_t n, passpolicy_list **out, fq_error *err)
{
	*out = NULL;
	if (!buf && n)
		return fq_fail(err, FQ_EINVAL, "bad_password_list", "参数错误");
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	passpolicy_list *l = mem_calloc(1, sizeof *l);
	if (l) {
		l->v = mem_alloc(lines * sizeof *l->v);
		l->pool = mem_alloc(n + 1);
	}
	if (!l || !l->v || !l->pool) {
		passpolicy_list_free(l);
		return fq_fail(err, FQ_ENOMEM, "no_memory", "内存不足");
	}
	char *p = l->pool;
	for (size_t pos = 0; pos < n;) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - s) : n - pos;
		pos += len + (nl ? 1 : 0);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len == 0 || s[0] == '#')
			continue;
		if (len > LINE_MAX_BYTES) {
			passpolicy_list_free(l);
			return fq_fail(err, FQ_EINVAL, "bad_password_list", "常用密码表中有过长的行");
		}
		l->v[l->n++] = p;
		for (size_t i = 0; i < len; i++)
			*p++ = lower(s[i]);
		*p++ = 0;
	}
	qsort(l->v, l->n, sizeof *l->v, cmp_str);
	*out = l;
	return FQ_OK;
}

static bool is_common(const passpolicy_list *l, const char *password)
{
	if (!l || l->n == 0)
		return false;
	char key[LINE_MAX_BYTES + 1];
	size_t n = strlen(password);
	if (n > LINE_MAX_BYTES)
		return false;
	for (size_t i = 0; i < n; i++)
		key[i] = lower(password[i]);
	key[n] = 0;
	const char *k = key;
	return bsearch(&k, l->v, l->n, sizeof *l->v, cmp_str) != NULL;
}

/* Case-insensitive (ASCII) substring test. */
static bool contains_fold(const char *hay, const char *needle)
{
	size_t n = strlen(needle), h = strlen(hay);
	for (size_t i = 0; n && i + n <= h; i++) {
		size_t j = 0;
		while (j < n && lower(hay[i + j]) == lower(needle[j]))
			j++;
		if (j == n)
			return true;
	}
	return false;
}

static int classes(const char *s)
{
	bool lo = false, up = false, dig = false, other = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			lo = true;
		else if (*p >= 'A' && *p <= 'Z')
			up = true;
		else if (*p >= '0' && *p <= '9')
			dig = true;
		else
			other = true; /* symbols, spaces and every non-ASCII character */
	}
	return lo + up + dig + other;
}

passpolicy_verdict passpolicy_check(const passpolicy_list *common, const char *username, const char *password)
{
	if (!password || utf8_len(password) < PASSPOLICY_MIN)
		return PASSPOLICY_TOO_SHORT;
	if (is_common(common, password))
		return PASSPOLICY_COMMON;
	if (username && *username && contains_fold(password, username))
		return PASSPOLICY_USERNAME;
	if (utf8_len(password) < PASSPOLICY_LONG && classes(password) < 3)
		return PASSPOLICY_CLASSES;
	return PASSPOLICY_OK;
}

const char *passpolicy_message(passpolicy_verdict v)
{
	switch (v) {
	case PASSPOLICY_OK:
		return "密码符合要求";
	case PASSPOLICY_TOO_SHORT:
		return "密码至少 8 位";
	case PASSPOLICY_COMMON:
		return "这是一个常见密码，很容易被猜中，请换一个";
	case PASSPOLICY_USERNAME:
		return "密码不能等于或包含用户名";
	case PASSPOLICY_CLASSES:
		return "密码应包含大写字母、小写字母、数字、符号中的至少三类，或长度不少于 12 位";
	}
	return "密码不符合要求";
}
