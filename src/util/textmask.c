/* textmask.c - phones, ID numbers and names masked inside free text (see
 * textmask.h).
 *
 * The text is read as runs of digit groups: a group is a stretch of digits
 * (an ID's last group may end in X), and groups joined by one space, dash
 * or the ")" of an area code belong to one run. Within a run, up to three
 * consecutive groups are tried as one number, longest first, so that
 * "138 1234 5678" is one phone while "13812345678 2026" is a phone and a
 * year, and a tracking number's groups never add up to anything. */
#include "util/textmask.h"

#include <stdbool.h>
#include <string.h>

#define MAX_GROUPS 16
#define MAX_NUMBER 24 /* digits of one candidate: the longest is 0086 + 11 */

typedef struct group {
	size_t start, end; /* bytes of the digits (and a final X) */
	size_t from;       /* where a replacement starts: "(" of an area code */
	bool x;            /* ends in X / x */
} group;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Part of the same token as a number next to it: a letter, a digit, or a
 * decimal point with a digit on its other side. */
static bool glued_before(const char *t, size_t i)
{
	if (i == 0)
		return false;
	char p = t[i - 1];
	return is_alpha(p) || is_digit(p) || (p == '.' && i >= 2 && is_digit(t[i - 2]));
}

static bool glued_after(const char *t, size_t i)
{
	char c = t[i];
	return is_alpha(c) || is_digit(c) || (c == '.' && is_digit(t[i + 1]));
}

static bool date_ok(const char *mm, const char *dd)
{
	int m = (mm[0] - '0') * 10 + (mm[1] - '0'), d = (dd[0] - '0') * 10 + (dd[1] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

enum kind { NONE, PHONE, ID };

/* What the joined characters d (n of them) are; *skip = leading characters
 * kept as they are (the 86 / 0086 of an international mobile). */
static enum kind classify(const char *d, size_t n, bool single, size_t *skip)
{
	*skip = 0;
	bool x = n && (d[n - 1] == 'X' || d[n - 1] == 'x');
	if (n == 18 && d[0] != '0' && (strncmp(d + 6, "19", 2) == 0 || strncmp(d + 6, "20", 2) == 0) &&
	    date_ok(d + 10, d + 12))
		return ID;
	if (x)
		return NONE;
	if (n == 15 && d[0] != '0' && date_ok(d + 8, d + 10))
		return ID;
	if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
		return PHONE;
	/* +86 written into the same group as the number. */
	if (single && n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1' && d[3] >= '3' && d[3] <= '9') {
		*skip = 2;
		return PHONE;
	}
	if (single && n == 15 && strncmp(d, "0086", 4) == 0 && d[4] == '1' && d[5] >= '3' && d[5] <= '9') {
		*skip = 4;
		return PHONE;
	}
	/* Area code 0XX or 0XXX and a 7-8 digit number. */
	if (n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0')
		return PHONE;
	return NONE;
}

/* Writes the masked form of d into out at *k. */
static void put_mask(char *out, size_t *k, const char *d, size_t n, enum kind kind, size_t skip)
{
	size_t head = kind == ID ? 6 : 3, tail = 4;
	memcpy(out + *k, d, skip);
	*k += skip;
	d += skip;
	n -= skip;
	for (size_t i = 0; i < n; i++)
		out[(*k)++] = (i < head || i >= n - tail) ? d[i] : '*';
}

/* Reads the run of groups starting at i (a digit or "(" before one).
 * Returns the number of groups; *end is where the run stops. */
static int read_run(const char *t, size_t i, group *g, size_t *end)
{
	int n = 0;
	for (;;) {
		size_t from = i;
		bool paren = t[i] == '(';
		if (paren)
			i++;
		if (!is_digit(t[i]))
			break;
		size_t s = i;
		while (is_digit(t[i]))
			i++;
		bool x = (t[i] == 'X' || t[i] == 'x') && !is_alpha(t[i + 1]) && !is_digit(t[i + 1]);
		if (x)
			i++;
		g[n++] = (group){.start = s, .end = i, .from = paren ? from : s, .x = x};
		*end = i;
		if (n == MAX_GROUPS || x)
			break;
		if (paren && t[i] == ')')
			i++;
		else if (paren)
			break;
		if ((t[i] == ' ' || t[i] == '-') && (is_digit(t[i + 1]) || t[i + 1] == '('))
			i++;
		else if (!(paren && (is_digit(t[i]) || t[i] == '(')))
			break;
	}
	return n;
}

char *textmask_numbers(arena *a, const char *text)
{
	if (!text)
		return NULL;
	size_t len = strlen(text);
	char *out = NULL;
	size_t k = 0, copied = 0; /* text[0..copied) is in out[0..k) */
	for (size_t i = 0; i < len;) {
		bool starts = is_digit(text[i]) || (text[i] == '(' && is_digit(text[i + 1]));
		if (!starts || glued_before(text, i)) {
			i++;
			continue;
		}
		group g[MAX_GROUPS];
		size_t end = i;
		int n = read_run(text, i, g, &end);
		if (n == 0) {
			i++;
			continue;
		}
		bool glued_end = glued_after(text, end);
		for (int gi = 0; gi < n;) {
			int used = 0;
			for (int m = n - gi < 3 ? n - gi : 3; m >= 1 && !used; m--) {
				int last = gi + m - 1;
				if (last == n - 1 && glued_end)
					continue;
				char d[MAX_NUMBER + 1];
				size_t dn = 0;
				bool fits = true;
				for (int j = gi; j <= last && fits; j++) {
					size_t w = g[j].end - g[j].start;
					if (g[j].x && j != last)
						fits = false;
					else if (dn + w > MAX_NUMBER)
						fits = false;
					else {
						memcpy(d + dn, text + g[j].start, w);
						dn += w;
					}
				}
				size_t skip;
				enum kind kind = fits ? classify(d, dn, m == 1, &skip) : NONE;
				if (kind == NONE)
					continue;
				if (!out && !(out = arena_alloc(a, len + 1)))
					return NULL;
				/* "(0311)8765..." loses its brackets with the area code; a
				 * bracketed number alone keeps them. */
				size_t from = last > gi ? g[gi].from : g[gi].start;
				memcpy(out + k, text + copied, from - copied);
				k += from - copied;
				put_mask(out, &k, d, dn, kind, skip);
				copied = g[last].end;
				used = m;
			}
			gi += used ? used : 1;
		}
		i = end > i ? end : i + 1;
	}
	if (!out)
		return (char *)text;
	memcpy(out + k, text + copied, len - copied);
	out[k + len - copied] = 0;
	return out;
}

/* Bytes of the UTF-8 character starting with byte c. */
static size_t char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static char *replace_all(arena *a, const char *text, const char *name)
{
	size_t nl = strlen(name), first = char_len((unsigned char)name[0]);
	if (first > nl)
		return (char *)text;
	size_t hits = 0;
	for (const char *p = strstr(text, name); p; p = strstr(p + nl, name))
		hits++;
	if (!hits)
		return (char *)text;
	static const char mou[] = "某";
	size_t rl = first + sizeof mou - 1;
	size_t len = strlen(text);
	size_t cap = len + 1 + (rl > nl ? hits * (rl - nl) : 0);
	char *out = arena_alloc(a, cap);
	if (!out)
		return NULL;
	size_t k = 0;
	const char *from = text;
	for (const char *p = strstr(text, name); p; p = strstr(from, name)) {
		memcpy(out + k, from, (size_t)(p - from));
		k += (size_t)(p - from);
		memcpy(out + k, name, first);
		k += first;
		memcpy(out + k, mou, sizeof mou - 1);
		k += sizeof mou - 1;
		from = p + nl;
	}
	size_t rest = strlen(from);
	memcpy(out + k, from, rest + 1);
	return out;
}

char *textmask_names(arena *a, const char *text, const char *const *names, size_t n)
{
	if (!text)
		return NULL;
	/* Longest first, so that 王建国 is not left as 王某国 by a party called 王建. */
	bool done[32] = {0};
	char *cur = (char *)text;
	for (size_t round = 0; round < n && round < 32; round++) {
		size_t best = n, best_len = 0;
		for (size_t i = 0; i < n && i < 32; i++) {
			size_t l = names[i] ? strlen(names[i]) : 0;
			if (!done[i] && l > best_len) {
				best = i;
				best_len = l;
			}
		}
		if (best == n)
			break;
		done[best] = true;
		const char *nm = names[best];
		if (char_len((unsigned char)nm[0]) >= strlen(nm))
			continue; /* one character: too common to replace */
		if (!(cur = replace_all(a, cur, nm)))
			return NULL;
	}
	return cur;
}
