/* risk.c - the high-risk word list: parsing it, matching it against the
 * text of a case (words, one-gap patterns, exclusions), and finding the
 * crowds ("几十个工人", "30多人") that make a wage complaint high risk.
 *
 * Texts and words are compared as arrays of folded code points; each code
 * point of a text remembers its byte span so that hits are reported as the
 * text wrote them. Words are sorted by their first code point, so a text is
 * read once with a binary search per position. */
#include "core/risk.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

#define KIND_EXCLUDE 100
#define DEFAULT_CROWD 10
#define MAX_CANDIDATES 256

typedef struct pattern {
	uint32_t a_off, a_len; /* code points before the gap, in l->pool */
	uint32_t b_off, b_len; /* after the gap; b_len 0: no gap */
	uint32_t first;        /* the first code point: the sort key */
	uint32_t seq;          /* order in the file: the tie-break */
	int kind;              /* enum risk_kind or KIND_EXCLUDE */
	int crowd_min;
} pattern;

struct risk_list {
	pattern *p;
	size_t n;
	uint32_t *pool;
	size_t pool_len;
};

/* ---- code points -------------------------------------------------------- */

/* Decodes one code point at *pp (< end), advancing; 0 for an invalid byte. */
static uint32_t decode(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	unsigned c = *p;
	uint32_t cp;
	int more;
	if (c < 0x80) {
		*pp = p + 1;
		return c;
	} else if (c >= 0xc2 && c <= 0xdf) {
		cp = c & 0x1f;
		more = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		cp = c & 0x0f;
		more = 2;
	} else if (c >= 0xf0 && c <= 0xf4) {
		cp = c & 0x07;
		more = 3;
	} else {
		*pp = p + 1;
		return 0;
	}
	for (int i = 1; i <= more; i++) {
		if (p + i >= end || (p[i] & 0xc0) != 0x80) {
			*pp = p + 1;
			return 0;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff)) {
		*pp = p + 1;
		return 0;
	}
	*pp = p + 1 + more;
	return cp;
}

/* What matching compares: full-width ASCII folded, lower case; UINT32_MAX
 * for characters that are skipped (spaces and invisible ones). */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		cp -= 0xfee0;
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xa0 ||
	    cp == 0x3000 || (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff)
		return UINT32_MAX;
	return cp;
}

/* A text as folded code points with their byte spans. */
typedef struct ntext {
	uint32_t *cp;
	size_t *start, *end;
	size_t n;
} ntext;

static void ntext_free(ntext *t)
{
	mem_free(t->cp);
	mem_free(t->start);
	mem_free(t->end);
}

static fq_status ntext_make(const char *s, size_t len, size_t max, ntext *t)
{
	size_t cap = len < max ? len : max;
	t->n = 0;
	t->cp = mem_alloc((cap + 1) * sizeof *t->cp);
	t->start = mem_alloc((cap + 1) * sizeof *t->start);
	t->end = mem_alloc((cap + 1) * sizeof *t->end);
	if (!t->cp || !t->start || !t->end) {
		ntext_free(t);
		return FQ_ENOMEM;
	}
	const unsigned char *b = (const unsigned char *)s, *p = b, *e = b + len;
	size_t seen = 0;
	while (p < e && seen < max) {
		const unsigned char *q = p;
		uint32_t c = fold(decode(&p, e));
		seen++;
		if (c == UINT32_MAX)
			continue;
		t->cp[t->n] = c;
		t->start[t->n] = (size_t)(q - b);
		t->end[t->n] = (size_t)(p - b);
		t->n++;
	}
	return FQ_OK;
}

/* ---- the list ----------------------------------------------------------- */

void risk_list_free(risk_list *l)
{
	if (!l)
		return;
	mem_free(l->p);
	mem_free(l->pool);
	mem_free(l);
}

size_t risk_list_size(const risk_list *l)
{
	return l ? l->n : 0;
}

static _Thread_local char parse_msg[160];

static fq_status parse_fail(fq_error *err, size_t line, const char *what)
{
	snprintf(parse_msg, sizeof parse_msg, "第 %zu 行：%s", line, what);
	return fq_fail(err, FQ_EINVAL, "bad_risk_words", parse_msg);
}

static int parse_kind(const char *s, size_t n, int *crowd_min)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
		{"self_harm", RISK_SELF_HARM},
		{"violence", RISK_VIOLENCE},
		{"mass", RISK_MASS},
		{"exclude", KIND_EXCLUDE},
	};
	*crowd_min = DEFAULT_CROWD;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].name) == n && memcmp(kinds[i].name, s, n) == 0)
			return kinds[i].kind;
	if (n >= 5 && memcmp(s, "crowd", 5) == 0) {
		if (n == 5)
			return RISK_CROWD;
		if (s[5] != ':' || n == 6 || n > 10)
			return -1;
		int v = 0;
		for (size_t i = 6; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			v = v * 10 + (s[i] - '0');
		}
		if (v < 2)
			return -1;
		*crowd_min = v;
		return RISK_CROWD;
	}
	return -1;
}

static const uint32_t *pat_a(const risk_list *l, const pattern *p)
{
	return l->pool + p->a_off;
}

static int cmp_pattern(const void *x, const void *y)
{
	const pattern *p = x, *q = y;
	if (p->first != q->first)
		return p->first < q->first ? -1 : 1;
	if (p->a_len != q->a_len) /* longer words first */
		return p->a_len > q->a_len ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Appends the folded code points of word (n bytes, valid UTF-8) to the
 * pool; returns how many, or -1 when the word holds a skipped character
 * only or a control character. */
static int pool_add(risk_list *l, const char *word, size_t n)
{
	const unsigned char *p = (const unsigned char *)word, *e = p + n;
	int count = 0;
	while (p < e) {
		uint32_t c = fold(decode(&p, e));
		if (c == UINT32_MAX)
			continue;
		if (c < 0x20 || c == 0x7f)
			return -1;
		l->pool[l->pool_len++] = c;
		count++;
	}
	return count;
}

fq_status risk_list_parse(const char *buf, size_t n, risk_list **out, fq_error *err)
{
	if (!out)
		return fq_fail(err, FQ_EINVAL, "bad_risk_words", "参数错误");
	*out = NULL;
	if (!buf && n)
		return fq_fail(err, FQ_EINVAL, "bad_risk_words", "参数错误");
	risk_list *l = mem_calloc(1, sizeof *l);
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	if (l) {
		l->p = mem_alloc(lines * sizeof *l->p);
		l->pool = mem_alloc((n + 1) * sizeof *l->pool); /* a code point takes a byte at least */
	}
	if (!l || !l->p || !l->pool) {
		risk_list_free(l);
		return fq_fail(err, FQ_ENOMEM, "no_memory", "内存不足");
	}
	fq_status st = FQ_OK;
	size_t line = 0;
	for (size_t pos = 0; pos < n;) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - s) : n - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len == 0 || s[0] == '#')
			continue;
		const char *t1 = memchr(s, '\t', len);
		if (!t1) {
			st = parse_fail(err, line, "应为 词<TAB>类型<TAB>说明");
			break;
		}
		const char *t2 = memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - s));
		size_t wl = (size_t)(t1 - s), kl = (size_t)((t2 ? t2 : s + len) - t1 - 1);
		int crowd_min, kind = parse_kind(t1 + 1, kl, &crowd_min);
		if (kind < 0) {
			st = parse_fail(err, line, "未知类型（self_harm、violence、mass、crowd[:人数]、exclude）");
			break;
		}
		if (wl == 0 || wl > RISK_MAX_WORD_BYTES || !utf8_valid(s, wl)) {
			st = parse_fail(err, line, "词为空、过长或不是合法的 UTF-8");
			break;
		}
		if (l->n >= RISK_MAX_WORDS) {
			st = parse_fail(err, line, "词太多");
			break;
		}
		/* the gap: "…" (U+2026) or '*' */
		const char *gap = NULL;
		size_t gap_len = 0;
		int gaps = 0;
		for (size_t i = 0; i < wl; i++) {
			size_t g = s[i] == '*' ? 1 : (i + 3 <= wl && memcmp(s + i, "\xe2\x80\xa6", 3) == 0) ? 3 : 0;
			if (!g)
				continue;
			if (gaps++ == 0) {
				gap = s + i;
				gap_len = g;
			}
			i += g - 1;
		}
		if (gaps > 1) {
			st = parse_fail(err, line, "一个词只能有一处“…”");
			break;
		}
		pattern *p = &l->p[l->n];
		memset(p, 0, sizeof *p);
		p->kind = kind;
		p->crowd_min = crowd_min;
		p->a_off = (uint32_t)l->pool_len;
		int a = pool_add(l, s, gap ? (size_t)(gap - s) : wl);
		int b = 0;
		if (a > 0 && gap) {
			p->b_off = (uint32_t)l->pool_len;
			b = pool_add(l, gap + gap_len, wl - (size_t)(gap + gap_len - s));
		}
		if (a <= 0 || b < 0 || (gap && b == 0)) {
			st = parse_fail(err, line, "词里没有可用的字，或“…”的一边为空");
			break;
		}
		p->a_len = (uint32_t)a;
		p->b_len = (uint32_t)b;
		p->first = l->pool[p->a_off];
		p->seq = (uint32_t)l->n;
		l->n++;
	}
	if (st) {
		risk_list_free(l);
		return st;
	}
	qsort(l->p, l->n, sizeof *l->p, cmp_pattern);
	*out = l;
	return FQ_OK;
}

/* ---- crowds ------------------------------------------------------------- */

static int numeral(uint32_t c)
{
	switch (c) {
	case 0x96f6: /* 零 */
	case 0x3007: /* 〇 */
		return 0;
	case 0x4e00: /* 一 */
		return 1;
	case 0x4e8c: /* 二 */
	case 0x4e24: /* 两 */
	case 0x4fe9: /* 俩 */
		return 2;
	case 0x4e09: /* 三 */
	case 0x4ec0: /* 仨 */
		return 3;
	case 0x56db: /* 四 */
		return 4;
	case 0x4e94: /* 五 */
		return 5;
	case 0x516d: /* 六 */
		return 6;
	case 0x4e03: /* 七 */
		return 7;
	case 0x516b: /* 八 */
		return 8;
	case 0x4e5d: /* 九 */
		return 9;
	case 0x51e0: /* 几: "几十" reads as 20, "十几" as 12 - a lower bound */
	case 0x6570: /* 数 (数十, 数百) */
		return 2;
	default:
		return -1;
	}
}

static long unit_of(uint32_t c)
{
	switch (c) {
	case 0x5341: /* 十 */
		return 10;
	case 0x767e: /* 百 */
		return 100;
	case 0x5343: /* 千 */
		return 1000;
	case 0x4e07: /* 万 */
		return 10000;
	default:
		return 0;
	}
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static bool number_char(uint32_t c)
{
	return is_digit(c) || numeral(c) >= 0 || unit_of(c) > 0;
}

/* Reads a number (Arabic or Chinese, "二三十", "一百二十", "上百", "30")
 * at t->cp[i]; returns its value (capped) or -1, and sets *end. */
static long read_number(const ntext *t, size_t i, size_t *end)
{
	long total = 0, section = 0, digit = -1;
	bool any = false;
	size_t j = i;
	while (j < t->n) {
		uint32_t c = t->cp[j];
		long u;
		if (is_digit(c)) {
			long v = 0;
			while (j < t->n && is_digit(t->cp[j])) {
				if (v < 1000000)
					v = v * 10 + (t->cp[j] - '0');
				j++;
			}
			digit = v;
			any = true;
			continue;
		}
		if (numeral(c) >= 0) {
			digit = numeral(c);
			any = true;
		} else if (c == 0x4e0a && j + 1 < t->n && unit_of(t->cp[j + 1]) >= 100) { /* 上百, 上千 */
			digit = 1;
		} else if ((u = unit_of(c)) > 0 && (any || u == 10 || j > i)) {
			if (u == 10000) {
				total += (section + (digit < 0 ? 0 : digit)) * 10000;
				if (total == 0)
					total = 10000;
				section = 0;
			} else {
				section += (digit < 0 ? 1 : digit) * u;
			}
			digit = -1;
			any = true;
		} else {
			break;
		}
		j++;
	}
	*end = j;
	if (!any)
		return -1;
	long v = total + section + (digit < 0 ? 0 : digit);
	return v > 1000000 ? 1000000 : v;
}

static bool at(const ntext *t, size_t i, const char *word)
{
	const unsigned char *p = (const unsigned char *)word, *e = p + strlen(word);
	while (p < e) {
		if (i >= t->n || t->cp[i] != decode(&p, e))
			return false;
		i++;
	}
	return true;
}

static size_t cps_of(const char *word)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)word; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

/* 多 余 来 几: "30多", "100余", "十来", "二十几" */
static bool is_about(uint32_t c)
{
	return c == 0x591a || c == 0x4f59 || c == 0x6765 || c == 0x51e0;
}

/* Words for people after a number (and 多/余/来, 个): 三十多个工人 */
static const char *const people[] = {
	"人", "工人", "农民工", "民工", "工友", "老乡", "村民", "员工", "职工", "群众", "业主",
	"家长", "师傅", "兄弟", "姐妹", "同事", "老人", "妇女", "人员", "住户", "户人家", "学员",
};

/* When t->cp[i] starts a crowd ("30多人", "几十个工人", "上百户"), returns
 * its size and sets *end; else 0. */
static long crowd_at(const ntext *t, size_t i, size_t *end)
{
	if (i > 0 && number_char(t->cp[i - 1]))
		return 0; /* inside a number read from its start */
	uint32_t c = t->cp[i];
	if (!(is_digit(c) || numeral(c) >= 0 || c == 0x5341 || c == 0x4e0a))
		return 0;
	size_t j;
	long v = read_number(t, i, &j);
	if (v <= 0)
		return 0;
	for (int k = 0; k < 2 && j < t->n && is_about(t->cp[j]); k++)
		j++;
	if (j < t->n && (t->cp[j] == 0x540d || t->cp[j] == 0x4f4d || t->cp[j] == 0x6237)) { /* 名 位 户 */
		*end = j + 1;
		return v;
	}
	if (j < t->n && t->cp[j] == 0x4e2a) /* 个 */
		j++;
	for (size_t k = 0; k < sizeof people / sizeof people[0]; k++)
		if (at(t, j, people[k])) {
			*end = j + cps_of(people[k]);
			return v;
		}
	return 0;
}

/* ---- matching ----------------------------------------------------------- */

typedef struct span {
	size_t s, e; /* code points [s, e) */
	int kind;
	int crowd_min;
} span;

static bool match_at(const ntext *t, size_t i, const uint32_t *w, size_t n)
{
	if (i + n > t->n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (t->cp[i + k] != w[k])
			return false;
	return true;
}

/* All matches of the list in t (at most MAX_CANDIDATES, first found kept). */
static size_t find_all(const risk_list *l, const ntext *t, span *out)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n && n < MAX_CANDIDATES; i++) {
		size_t lo = 0, hi = l->n;
		while (lo < hi) { /* first pattern whose first code point >= t->cp[i] */
			size_t mid = lo + (hi - lo) / 2;
			if (l->p[mid].first < t->cp[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < l->n && l->p[k].first == t->cp[i] && n < MAX_CANDIDATES; k++) {
			const pattern *p = &l->p[k];
			if (!match_at(t, i, pat_a(l, p), p->a_len))
				continue;
			size_t e = i + p->a_len;
			if (p->b_len) {
				size_t j = e, found = 0;
				for (; j <= e + RISK_MAX_GAP && !found; j++)
					if (match_at(t, j, l->pool + p->b_off, p->b_len))
						found = j + p->b_len;
				if (!found)
					continue;
				e = found;
			}
			out[n++] = (span){i, e, p->kind, p->crowd_min};
		}
	}
	return n;
}

static bool inside(const span *a, const span *b)
{
	return a->s >= b->s && a->e <= b->e;
}

static int cmp_span(const void *x, const void *y)
{
	const span *a = x, *b = y;
	if (a->s != b->s)
		return a->s < b->s ? -1 : 1;
	if (a->e != b->e)
		return a->e > b->e ? -1 : 1; /* longer first */
	return a->kind - b->kind;
}

fq_status risk_check(const risk_list *l, const char *text, arena *a, risk_result *out)
{
	if (!out)
		return FQ_EINVAL;
	memset(out, 0, sizeof *out);
	if (!l || !text)
		return FQ_EINVAL;
	ntext t;
	fq_status st = ntext_make(text, strlen(text), RISK_MAX_CHARS, &t);
	if (st)
		return st;
	span *cand = mem_alloc((MAX_CANDIDATES + 1) * sizeof *cand);
	if (!cand) {
		ntext_free(&t);
		return FQ_ENOMEM;
	}
	size_t nc = find_all(l, &t, cand);

	/* the largest crowd named anywhere in the text */
	long crowd = 0;
	span crowd_span = {0, 0, RISK_CROWD_SIZE, 0};
	for (size_t i = 0; i < t.n; i++) {
		size_t e;
		long v = crowd_at(&t, i, &e);
		if (v > crowd) {
			crowd = v;
			crowd_span.s = i;
			crowd_span.e = e;
		}
	}

	/* keep what counts: no excluded phrase around it, crowds big enough */
	span keep[MAX_CANDIDATES + 1];
	size_t nk = 0;
	bool crowd_used = false;
	for (size_t i = 0; i < nc; i++) {
		if (cand[i].kind == KIND_EXCLUDE)
			continue;
		bool excluded = false;
		for (size_t j = 0; j < nc && !excluded; j++)
			excluded = cand[j].kind == KIND_EXCLUDE && inside(&cand[i], &cand[j]);
		if (excluded)
			continue;
		if (cand[i].kind == RISK_CROWD) {
			if (crowd < cand[i].crowd_min)
				continue;
			crowd_used = true;
		}
		keep[nk++] = cand[i];
	}
	if (crowd_used)
		keep[nk++] = crowd_span;
	qsort(keep, nk, sizeof *keep, cmp_span);

	for (size_t i = 0; i < nk && out->n_hits < RISK_MAX_HITS; i++) {
		bool dup = false;
		/* a word inside a longer one already reported, or the same text
		 * again; the crowd is always named on its own */
		for (size_t j = 0; j < nk && !dup && keep[i].kind != RISK_CROWD_SIZE; j++)
			dup = j != i && inside(&keep[i], &keep[j]) &&
			      (keep[j].e - keep[j].s > keep[i].e - keep[i].s || j < i);
		size_t off = t.start[keep[i].s], len = t.end[keep[i].e - 1] - off;
		for (int h = 0; h < out->n_hits && !dup; h++)
			dup = out->hits[h].len == len && memcmp(text + out->hits[h].off, text + off, len) == 0;
		if (dup)
			continue;
		risk_hit *hit = &out->hits[out->n_hits];
		hit->off = off;
		hit->len = len;
		hit->kind = (enum risk_kind)keep[i].kind;
		hit->word = NULL;
		if (a && !(hit->word = arena_strndup(a, text + off, len))) {
			st = FQ_ENOMEM;
			memset(out, 0, sizeof *out);
			break;
		}
		out->n_hits++;
	}
	if (!st && out->n_hits > 0)
		out->level = RISK_HIGH;
	mem_free(cand);
	ntext_free(&t);
	return st;
}

const char *risk_level_name(enum risk_level level)
{
	return level == RISK_HIGH ? "high" : "normal";
}

const char *risk_kind_name(enum risk_kind kind)
{
	switch (kind) {
	case RISK_SELF_HARM:
		return "self_harm";
	case RISK_VIOLENCE:
		return "violence";
	case RISK_MASS:
		return "mass";
	case RISK_CROWD:
		return "crowd";
	case RISK_CROWD_SIZE:
		return "crowd_size";
	}
	return "unknown";
}
