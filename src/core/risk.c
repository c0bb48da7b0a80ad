/* risk.c - the high-risk pattern list: parsing it (alternatives expanded,
 * gaps split into segments), matching it against the text of a case
 * (exclusions, negation cues, crowds of people for the crowd words), and
 * naming the kinds of risk found.
 *
 * Texts and patterns are compared as arrays of folded code points
 * (core/textnorm.h); each code point of a text remembers its byte span so
 * that hits are reported as the text wrote them. Patterns are sorted by
 * their first code point, so a text is read once with a binary search per
 * position; a list of some thousand patterns checks an appeal in a few
 * microseconds. */
#include "core/risk.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/risk_model.h"
#include "core/textnorm.h"
#include "util/mem.h"
#include "util/utf8.h"

#define KIND_EXCLUDE 100
#define KIND_NEGATE 101
#define KIND_PEOPLE 102 /* a crowd named without a number: 大伙, 全村, 业主们 */
#define DEFAULT_CROWD 10
#define MAX_CANDIDATES 512
#define MAX_SEGS 4
/* In an expanded pattern, gaps are these values (never code points). */
#define GAP_LONG 0x110001u
#define GAP_SHORT 0x110002u
/* A reference to word class k is CLASS_BASE + k (never a code point). */
#define CLASS_BASE 0x120000u
#define KIND_LEX 200 /* a word of class k has kind KIND_LEX + k */
#define MAX_EXPANDED 160
#define MAX_LEX_HITS 8192

typedef struct pattern {
	uint32_t off;                /* the items in l->pool: code points, GAP_LONG or
				      * GAP_SHORT, and class references */
	uint16_t len;                /* items */
	bool frame;                  /* uses a class: reported only where no plain pattern
				      * of its kind overlaps it */
	uint32_t first, second;      /* the sort key: the first item and the second when
				      * both are code points (else second is 0) */
	uint32_t seq;                /* order in the file: the tie-break */
	int kind;                    /* enum risk_kind, KIND_EXCLUDE or KIND_NEGATE */
	int crowd_min;
} pattern;

struct risk_list {
	pattern *p;   /* the patterns that flag, exclude, negate or name people */
	size_t n;
	pattern *lex; /* the words of the classes ({name} in a pattern) */
	size_t n_lex;
	uint32_t *pool;
	size_t pool_len;
	risk_model *model; /* the second signal, once learnt (NULL before) */
};

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
		uint32_t c = textnorm_fold(textnorm_decode(&p, e));
		seen++;
		if (c == TEXTNORM_SKIP)
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
	mem_free(l->lex);
	mem_free(l->pool);
	risk_model_free(l->model);
	mem_free(l);
}

size_t risk_list_size(const risk_list *l)
{
	return l ? l->n + l->n_lex : 0;
}

static _Thread_local char parse_msg[200];

static fq_status parse_fail(fq_error *err, size_t line, const char *what)
{
	snprintf(parse_msg, sizeof parse_msg, "第 %zu 行：%s", line, what);
	return fq_fail(err, FQ_EINVAL, "bad_risk_words", parse_msg);
}

/* The classes named so far ("lex:tool" lines), in the order of the file. */
#define MAX_CLASSES 96
#define MAX_CLASS_NAME 32
typedef struct classes {
	char name[MAX_CLASSES][MAX_CLASS_NAME];
	int n;
} classes;

static int class_find(const classes *c, const char *s, size_t n)
{
	for (int i = 0; i < c->n; i++)
		if (strlen(c->name[i]) == n && memcmp(c->name[i], s, n) == 0)
			return i;
	return -1;
}

static bool class_name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= MAX_CLASS_NAME)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static int parse_kind(const char *s, size_t n, int *crowd_min)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
		{"self_harm", RISK_SELF_HARM}, {"violence", RISK_VIOLENCE}, {"group", RISK_GROUP},
		{"escalation", RISK_ESCALATION}, {"mass", RISK_GROUP}, {"exclude", KIND_EXCLUDE},
		{"negate", KIND_NEGATE}, {"people", KIND_PEOPLE},
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

static int cmp_pattern(const void *x, const void *y)
{
	const pattern *p = x, *q = y;
	if (p->first != q->first)
		return p->first < q->first ? -1 : 1;
	if (p->second != q->second)
		return p->second < q->second ? -1 : 1;
	if (p->len != q->len) /* longer words first */
		return p->len > q->len ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* A pattern line read into slots: each slot is a set of alternatives
 * (a literal character or a gap is a slot with one). */
#define MAX_SLOTS 96
#define MAX_ALTS 192
#define MAX_SLOT_CPS 1600

typedef struct slots {
	uint32_t cps[MAX_SLOT_CPS];
	size_t n_cps;
	struct {
		uint16_t off[MAX_ALTS], len[MAX_ALTS];
		int n;
	} s[MAX_SLOTS];
	int n;
} slots;

/* Reads a pattern's bytes into slots; NULL when fine, else what is wrong. */
static const char *read_slots(const char *w, size_t n, const classes *cl, bool allow_class, slots *out)
{
	const unsigned char *p = (const unsigned char *)w, *e = p + n;
	out->n = 0;
	out->n_cps = 0;
	int in_group = 0;
	while (p < e) {
		uint32_t raw;
		if (*p == '{') {
			const unsigned char *q = memchr(p, '}', (size_t)(e - p));
			if (!q)
				return "“{”没有闭合";
			if (!allow_class)
				return "词类里不能再引用词类";
			int c = class_find(cl, (const char *)p + 1, (size_t)(q - p - 1));
			if (c < 0)
				return "引用了未定义的词类（先用 lex:名称 定义）";
			raw = CLASS_BASE + (uint32_t)c;
			p = q + 1;
		} else if (p + 3 <= e && memcmp(p, "\xe2\x80\xa6", 3) == 0) {
			raw = GAP_LONG;
			p += 3;
		} else if (*p == '*') {
			raw = GAP_LONG;
			p++;
		} else if (*p == '~') {
			raw = GAP_SHORT;
			p++;
		} else if (*p == '(' || *p == '|' || *p == ')') {
			unsigned c = *p++;
			if (c == '(') {
				if (in_group)
					return "括号不能嵌套";
				if (out->n >= MAX_SLOTS)
					return "词太长";
				in_group = 1;
				out->s[out->n].n = 1;
				out->s[out->n].off[0] = (uint16_t)out->n_cps;
				out->s[out->n].len[0] = 0;
				out->n++;
			} else if (!in_group) {
				return "“|”或“)”不在括号里";
			} else if (c == '|') {
				int k = out->s[out->n - 1].n;
				if (k >= MAX_ALTS)
					return "括号里的选项太多";
				out->s[out->n - 1].off[k] = (uint16_t)out->n_cps;
				out->s[out->n - 1].len[k] = 0;
				out->s[out->n - 1].n++;
			} else {
				in_group = 0;
				if (p < e && *p == '?') { /* (a)? : an empty alternative */
					p++;
					int k = out->s[out->n - 1].n;
					if (k >= MAX_ALTS)
						return "括号里的选项太多";
					out->s[out->n - 1].off[k] = (uint16_t)out->n_cps;
					out->s[out->n - 1].len[k] = 0;
					out->s[out->n - 1].n++;
				}
			}
			continue;
		} else {
			raw = textnorm_fold(textnorm_decode(&p, e));
			if (raw == TEXTNORM_SKIP)
				continue;
			if (raw < 0x20 || raw == 0x7f || raw == 0)
				return "词里有控制字符";
		}
		if (out->n_cps >= MAX_SLOT_CPS)
			return "词太长";
		if (in_group) {
			if (raw == GAP_LONG || raw == GAP_SHORT)
				return "括号里不能有“…”";
			out->cps[out->n_cps++] = raw;
			out->s[out->n - 1].len[out->s[out->n - 1].n - 1]++;
		} else {
			if (out->n >= MAX_SLOTS)
				return "词太长";
			out->s[out->n].n = 1;
			out->s[out->n].off[0] = (uint16_t)out->n_cps;
			out->s[out->n].len[0] = 1;
			out->cps[out->n_cps++] = raw;
			out->n++;
		}
	}
	if (in_group)
		return "括号没有闭合";
	return NULL;
}

/* Where expanded patterns go: counted on the first pass, stored on the
 * second. */
typedef struct sink {
	risk_list *l; /* NULL on the counting pass */
	size_t patterns, lex, cps;
	classes cl;
	int kind, crowd_min;
	uint32_t seq;
	const char *bad;
	int expansions;
} sink;

static bool is_gap(uint32_t x)
{
	return x == GAP_LONG || x == GAP_SHORT;
}

static void emit(sink *k, const uint32_t *x, size_t n)
{
	if (k->bad)
		return;
	if (++k->expansions > RISK_MAX_EXPANSIONS) {
		k->bad = "展开后的词太多";
		return;
	}
	/* two gaps with only an empty alternative between them are one gap,
	 * the longer: "~(去|到)?…" */
	uint32_t y[MAX_EXPANDED];
	int gaps = 0;
	size_t items = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_gap(x[i])) {
			if (items == 0) {
				k->bad = "“…”的一边为空";
				return;
			}
			if (is_gap(y[items - 1])) {
				if (x[i] == GAP_LONG)
					y[items - 1] = GAP_LONG;
				continue;
			}
			if (++gaps >= MAX_SEGS) {
				k->bad = "一个词最多三处“…”";
				return;
			}
		}
		y[items++] = x[i];
	}
	if (items == 0 || is_gap(y[items - 1])) {
		k->bad = items == 0 ? "词里没有可用的字" : "“…”的一边为空";
		return;
	}
	x = y;
	n = items;
	bool lex = k->kind >= KIND_LEX;
	if (!k->l) {
		if (lex)
			k->lex++;
		else
			k->patterns++;
		k->cps += n;
		return;
	}
	risk_list *l = k->l;
	pattern p;
	memset(&p, 0, sizeof p);
	p.off = (uint32_t)l->pool_len;
	p.len = (uint16_t)n;
	memcpy(l->pool + l->pool_len, x, n * sizeof *x);
	l->pool_len += n;
	for (size_t i = 0; i < n; i++)
		p.frame |= x[i] >= CLASS_BASE;
	p.first = x[0];
	p.second = n > 1 && x[1] < GAP_LONG ? x[1] : 0;
	p.seq = k->seq;
	p.kind = k->kind;
	p.crowd_min = k->crowd_min;
	if (lex)
		l->lex[l->n_lex++] = p;
	else
		l->p[l->n++] = p;
}

static void expand(const slots *sl, int i, uint32_t *x, size_t n, sink *k)
{
	if (k->bad)
		return;
	if (i == sl->n) {
		emit(k, x, n);
		return;
	}
	for (int a = 0; a < sl->s[i].n && !k->bad; a++) {
		size_t len = sl->s[i].len[a];
		if (n + len > MAX_EXPANDED) {
			k->bad = "词太长";
			return;
		}
		memcpy(x + n, sl->cps + sl->s[i].off[a], len * sizeof *x);
		expand(sl, i + 1, x, n + len, k);
	}
}

/* One pass over the lines: counts (k->l NULL) or stores. */
static fq_status parse_pass(const char *buf, size_t n, sink *k, slots *sl, fq_error *err)
{
	size_t line = 0;
	uint32_t x[MAX_EXPANDED];
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
		if (!t1)
			return parse_fail(err, line, "应为 词<TAB>类型<TAB>说明");
		const char *t2 = memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - s));
		size_t wl = (size_t)(t1 - s), kl = (size_t)((t2 ? t2 : s + len) - t1 - 1);
		const char *kn = t1 + 1;
		if (kl > 4 && memcmp(kn, "lex:", 4) == 0) {
			if (!class_name_ok(kn + 4, kl - 4))
				return parse_fail(err, line, "词类名只能用小写字母、数字和下划线");
			int c = class_find(&k->cl, kn + 4, kl - 4);
			if (c < 0) {
				if (k->cl.n >= MAX_CLASSES)
					return parse_fail(err, line, "词类太多");
				c = k->cl.n++;
				memcpy(k->cl.name[c], kn + 4, kl - 4);
				k->cl.name[c][kl - 4] = 0;
			}
			k->kind = KIND_LEX + c;
			k->crowd_min = 0;
		} else {
			k->kind = parse_kind(kn, kl, &k->crowd_min);
		}
		if (k->kind < 0)
			return parse_fail(err, line,
					  "未知类型（self_harm、violence、group、escalation、crowd[:人数]、exclude、negate、lex:词类）");
		if (wl == 0 || wl > RISK_MAX_WORD_BYTES || !utf8_valid(s, wl))
			return parse_fail(err, line, "词为空、过长或不是合法的 UTF-8");
		const char *bad = read_slots(s, wl, &k->cl, k->kind < KIND_LEX, sl);
		if (bad)
			return parse_fail(err, line, bad);
		k->bad = NULL;
		k->expansions = 0;
		expand(sl, 0, x, 0, k);
		if (k->bad)
			return parse_fail(err, line, k->bad);
		if (k->patterns + k->lex > RISK_MAX_WORDS)
			return parse_fail(err, line, "词太多");
		k->seq++;
	}
	return FQ_OK;
}

fq_status risk_list_parse(const char *buf, size_t n, risk_list **out, fq_error *err)
{
	if (!out)
		return fq_fail(err, FQ_EINVAL, "bad_risk_words", "参数错误");
	*out = NULL;
	if (!buf && n)
		return fq_fail(err, FQ_EINVAL, "bad_risk_words", "参数错误");
	slots *sl = mem_alloc(sizeof *sl);
	if (!sl)
		return fq_fail(err, FQ_ENOMEM, "no_memory", "内存不足");
	sink k = {0};
	fq_status st = parse_pass(buf, n, &k, sl, err);
	if (st) {
		mem_free(sl);
		return st;
	}
	risk_list *l = mem_calloc(1, sizeof *l);
	if (l) {
		l->p = mem_alloc((k.patterns + 1) * sizeof *l->p);
		l->lex = mem_alloc((k.lex + 1) * sizeof *l->lex);
		l->pool = mem_alloc((k.cps + 1) * sizeof *l->pool);
	}
	if (!l || !l->p || !l->lex || !l->pool) {
		mem_free(sl);
		risk_list_free(l);
		return fq_fail(err, FQ_ENOMEM, "no_memory", "内存不足");
	}
	sink fill = {.l = l};
	st = parse_pass(buf, n, &fill, sl, err);
	mem_free(sl);
	if (st) { /* cannot happen: the first pass read the same bytes */
		risk_list_free(l);
		return st;
	}
	qsort(l->p, l->n, sizeof *l->p, cmp_pattern);
	qsort(l->lex, l->n_lex, sizeof *l->lex, cmp_pattern);
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
		if (i >= t->n || t->cp[i] != textnorm_decode(&p, e))
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
	"储户", "家庭", "农户", "养殖户", "商户", "学生", "司机", "骑手", "车主", "家属", "股民", "拆迁户",
	"老师", "代表", "号人", "口人", "口子人",
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
	bool frame;
} span;

/* The words of the classes found in a text: hits in order of their start,
 * at[i] .. at[i + 1] those starting at code point i. */
typedef struct lexhits {
	span *h;
	size_t n;
	size_t *at;
} lexhits;

/* Matches items k.. of p from t->cp[i]; the end, or 0. After a gap the
 * next item starts somewhere in [i, i + gap], the gap never crossing a
 * stop, nor a pause when short; a class matches any of its words found
 * there. The nearest start is tried first, so hits stay short. */
static size_t match_from(const risk_list *l, const pattern *p, const ntext *t, const lexhits *lx, size_t i,
			 size_t k)
{
	if (k == p->len)
		return i;
	uint32_t x = l->pool[p->off + k];
	if (is_gap(x)) {
		size_t gap = x == GAP_LONG ? RISK_MAX_GAP : RISK_SHORT_GAP;
		for (size_t j = i; j <= i + gap && j < t->n; j++) {
			/* a long gap stays in its sentence, a short one in its clause */
			if (j > i && (t->cp[j - 1] == TEXTNORM_STOP ||
				      (gap == RISK_SHORT_GAP && t->cp[j - 1] == TEXTNORM_PAUSE)))
				break;
			size_t e = match_from(l, p, t, lx, j, k + 1);
			if (e)
				return e;
		}
		return 0;
	}
	if (i >= t->n)
		return 0;
	if (x >= CLASS_BASE) {
		if (!lx)
			return 0;
		int want = KIND_LEX + (int)(x - CLASS_BASE);
		for (size_t h = lx->at[i]; h < lx->at[i + 1]; h++) {
			if (lx->h[h].kind != want)
				continue;
			size_t e = match_from(l, p, t, lx, lx->h[h].e, k + 1);
			if (e)
				return e;
		}
		return 0;
	}
	return t->cp[i] == x ? match_from(l, p, t, lx, i + 1, k + 1) : 0;
}

/* The first pattern of ps[0..n) whose key is >= (first, second). */
static size_t lower_bound(const pattern *ps, size_t n, uint32_t first, uint32_t second)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const pattern *p = &ps[mid];
		if (p->first < first || (p->first == first && p->second < second))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Tries the patterns of ps keyed (first, second) at t->cp[i]. */
static size_t try_key(const risk_list *l, const pattern *ps, size_t np, const ntext *t, const lexhits *lx, size_t i,
		      uint32_t first, uint32_t second, span *out, size_t n, size_t cap)
{
	for (size_t k = lower_bound(ps, np, first, second);
	     k < np && ps[k].first == first && ps[k].second == second && n < cap; k++) {
		size_t e = match_from(l, &ps[k], t, lx, i, 0);
		if (e)
			out[n++] = (span){i, e, ps[k].kind, ps[k].crowd_min, ps[k].frame};
	}
	return n;
}

/* All matches of ps in t (at most cap, first found kept). At each
 * position only the patterns starting with its code point and either
 * nothing more or the next code point are tried, and those starting with
 * a class one of whose words starts there. */
static size_t find_all(const risk_list *l, const pattern *ps, size_t np, const ntext *t, const lexhits *lx,
		       span *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n && n < cap; i++) {
		if (textnorm_is_punct(t->cp[i]))
			continue;
		n = try_key(l, ps, np, t, lx, i, t->cp[i], 0, out, n, cap);
		if (i + 1 < t->n && t->cp[i + 1])
			n = try_key(l, ps, np, t, lx, i, t->cp[i], t->cp[i + 1], out, n, cap);
		if (!lx)
			continue;
		for (size_t h = lx->at[i]; h < lx->at[i + 1] && n < cap; h++) {
			bool seen = false; /* each class once: 刀 and 刀子 start at one place */
			for (size_t g = lx->at[i]; g < h && !seen; g++)
				seen = lx->h[g].kind == lx->h[h].kind;
			uint32_t c = CLASS_BASE + (uint32_t)(lx->h[h].kind - KIND_LEX);
			if (!seen)
				n = try_key(l, ps, np, t, lx, i, c, 0, out, n, cap);
			/* patterns going on with a code point right after the word: keyed
			 * on it, tried for each word of the class that ends elsewhere */
			bool again = false;
			for (size_t g = lx->at[i]; g < h && !again; g++)
				again = lx->h[g].kind == lx->h[h].kind && lx->h[g].e == lx->h[h].e;
			if (!again && lx->h[h].e < t->n && t->cp[lx->h[h].e])
				n = try_key(l, ps, np, t, lx, i, c, t->cp[lx->h[h].e], out, n, cap);
		}
	}
	return n;
}

/* The words of the classes in t, indexed by where they start. */
static fq_status find_lex(const risk_list *l, const ntext *t, lexhits *lx)
{
	lx->n = 0;
	size_t cap = 4 * t->n + 16 < MAX_LEX_HITS ? 4 * t->n + 16 : MAX_LEX_HITS;
	lx->h = mem_alloc(cap * sizeof *lx->h);
	lx->at = mem_alloc((t->n + 2) * sizeof *lx->at);
	if (!lx->h || !lx->at) {
		mem_free(lx->h);
		mem_free(lx->at);
		return FQ_ENOMEM;
	}
	lx->n = find_all(l, l->lex, l->n_lex, t, NULL, lx->h, cap);
	/* find_all reports in order of the start */
	size_t h = 0;
	for (size_t i = 0; i <= t->n; i++) {
		lx->at[i] = h;
		while (h < lx->n && lx->h[h].s == i)
			h++;
	}
	lx->at[t->n + 1] = lx->n;
	return FQ_OK;
}

static bool inside(const span *a, const span *b)
{
	return a->s >= b->s && a->e <= b->e;
}

/* An excluded phrase cancels the patterns it shares characters with:
 * "去北京看病" cancels "去北京", "跳楼价" cancels "跳楼". */
static bool overlaps(const span *a, const span *b)
{
	return a->s < b->e && b->s < a->e;
}

/* Whether cue c negates hit h: it starts before the hit and ends at most
 * RISK_NEGATE_WINDOW code points before the hit starts (or inside it),
 * with no punctuation in between. */
static bool negates(const ntext *t, const span *c, const span *h)
{
	if (c->s >= h->s || c->e > h->e)
		return false;
	if (c->e > h->s)
		return true;
	if (h->s - c->e > RISK_NEGATE_WINDOW)
		return false;
	for (size_t i = c->e; i < h->s; i++)
		if (textnorm_is_punct(t->cp[i]))
			return false;
	return true;
}

/* Whether candidate i counts: no excluded phrase over it, no cue
 * negating it. */
static bool counts(const ntext *t, const span *cand, size_t nc, size_t i)
{
	for (size_t j = 0; j < nc; j++)
		if ((cand[j].kind == KIND_EXCLUDE && overlaps(&cand[i], &cand[j])) ||
		    (cand[j].kind == KIND_NEGATE && negates(t, &cand[j], &cand[i])))
			return false;
	return true;
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

/* The model's kinds that no pattern flagged, with the spans that weighed
 * most as their words; a kind whose strongest span lies inside an excluded
 * phrase or after a negation cue does not count, as for the patterns. */
static fq_status model_hits(const risk_list *l, const ntext *t, const char *text, const span *cand, size_t nc, arena *a,
			    risk_result *out)
{
	unsigned kinds;
	risk_model_span sp[RISK_KINDS * RISK_MODEL_SPANS];
	int ns;
	fq_status st = risk_model_score(l->model, t->cp, t->n, &kinds, sp, RISK_KINDS * RISK_MODEL_SPANS, &ns, NULL);
	if (st) {
		memset(out, 0, sizeof *out);
		return st;
	}
	unsigned dropped = 0;
	for (int i = 0; i < ns; i++) {
		if ((out->kinds | dropped) & 1u << sp[i].kind)
			continue; /* the patterns named it in their own words */
		span h = {sp[i].s, sp[i].e, sp[i].kind, 0, false};
		bool ok = true;
		for (size_t j = 0; j < nc && ok; j++)
			ok = !((cand[j].kind == KIND_EXCLUDE && overlaps(&h, &cand[j])) ||
			       (cand[j].kind == KIND_NEGATE && negates(t, &cand[j], &h)));
		if (!ok) {
			/* the strongest evidence denied ("我不会去北京告"): the kind
			 * is not flagged on the weaker */
			dropped |= 1u << sp[i].kind;
			continue;
		}
		sp[i].kind |= 0x100; /* counted: its kind is flagged below */
		size_t off = t->start[h.s], len = t->end[h.e - 1] - off;
		bool dup = false;
		for (int j = 0; j < out->n_hits && !dup; j++)
			dup = out->hits[j].len == len && memcmp(text + out->hits[j].off, text + off, len) == 0;
		if (dup || out->n_hits >= RISK_MAX_HITS)
			continue;
		risk_hit *hit = &out->hits[out->n_hits];
		*hit = (risk_hit){off, len, NULL, (enum risk_kind)h.kind};
		if (a && !(hit->word = arena_strndup(a, text + off, len))) {
			memset(out, 0, sizeof *out);
			return FQ_ENOMEM;
		}
		out->n_hits++;
	}
	for (int i = 0; i < ns; i++)
		if (sp[i].kind & 0x100)
			out->kinds |= 1u << (sp[i].kind & 0xff);
	return FQ_OK;
}

enum risk_kind risk_kind_flagged(enum risk_kind kind)
{
	return kind == RISK_CROWD || kind == RISK_CROWD_SIZE ? RISK_GROUP : kind;
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
	span *cand = mem_alloc((2 * MAX_CANDIDATES + 2) * sizeof *cand);
	if (!cand) {
		ntext_free(&t);
		return FQ_ENOMEM;
	}
	span *keep = cand + MAX_CANDIDATES + 1;
	lexhits lx;
	if (find_lex(l, &t, &lx)) {
		mem_free(cand);
		ntext_free(&t);
		return FQ_ENOMEM;
	}
	size_t nc = find_all(l, l->p, l->n, &t, &lx, cand, MAX_CANDIDATES);
	mem_free(lx.h);
	mem_free(lx.at);

	/* the largest crowd named anywhere in the text */
	long crowd = 0;
	span crowd_span = {0, 0, RISK_CROWD_SIZE, 0, false};
	for (size_t i = 0; i < t.n; i++) {
		size_t e;
		long v = crowd_at(&t, i, &e);
		if (v > crowd) {
			crowd = v;
			crowd_span.s = i;
			crowd_span.e = e;
		}
	}

	/* keep what counts: no excluded phrase around it, no negation cue
	 * before it, crowds big enough */
	size_t nk = 0;
	bool crowd_used = false;
	/* people words first: they make a crowd for the crowd words */
	for (size_t i = 0; i < nc; i++)
		if (cand[i].kind == KIND_PEOPLE && crowd < DEFAULT_CROWD && counts(&t, cand, nc, i)) {
			crowd = DEFAULT_CROWD;
			crowd_span = (span){cand[i].s, cand[i].e, RISK_CROWD_SIZE, 0, false};
		}
	for (size_t i = 0; i < nc; i++) {
		if (cand[i].kind >= KIND_EXCLUDE || !counts(&t, cand, nc, i))
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
	/* a frame names its kind; its words are reported only where no plain
	 * pattern of that kind already names them, so that the words stay the
	 * ones the list spells out ("喝农药", not "要喝农药死给") */
	size_t nf = 0;
	for (size_t i = 0; i < nk; i++) {
		bool covered = false;
		for (size_t j = 0; j < nk && keep[i].frame && !covered; j++)
			covered = !keep[j].frame && overlaps(&keep[i], &keep[j]) &&
				  risk_kind_flagged((enum risk_kind)keep[j].kind) ==
					  risk_kind_flagged((enum risk_kind)keep[i].kind);
		if (covered)
			continue;
		keep[nf++] = keep[i];
	}
	nk = nf;
	qsort(keep, nk, sizeof *keep, cmp_span);
	for (size_t i = 0; i < nk; i++)
		out->kinds |= 1u << risk_kind_flagged((enum risk_kind)keep[i].kind);
	/* overlapping hits of one kind are one phrase: "从楼顶跳" and "跳下去"
	 * are reported as "从楼顶跳下去" */
	size_t nm = 0;
	for (size_t i = 0; i < nk; i++) {
		if (nm > 0 && keep[i].kind == keep[nm - 1].kind && keep[i].kind != RISK_CROWD_SIZE &&
		    keep[i].s < keep[nm - 1].e) {
			if (keep[i].e > keep[nm - 1].e)
				keep[nm - 1].e = keep[i].e;
			continue;
		}
		keep[nm++] = keep[i];
	}
	nk = nm;

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
	if (!st && l->model)
		st = model_hits(l, &t, text, cand, nc, a, out);
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

enum risk_level risk_level_parse(const char *s)
{
	return s && strcmp(s, "high") == 0 ? RISK_HIGH : RISK_NORMAL;
}

const char *risk_kind_name(enum risk_kind kind)
{
	switch (kind) {
	case RISK_SELF_HARM:
		return "self_harm";
	case RISK_VIOLENCE:
		return "violence";
	case RISK_GROUP:
		return "group";
	case RISK_ESCALATION:
		return "escalation";
	case RISK_CROWD:
		return "crowd";
	case RISK_CROWD_SIZE:
		return "crowd_size";
	}
	return "unknown";
}

const char *risk_kind_label(enum risk_kind kind)
{
	switch (risk_kind_flagged(kind)) {
	case RISK_SELF_HARM:
		return "自伤自杀风险";
	case RISK_VIOLENCE:
		return "暴力风险";
	case RISK_GROUP:
		return "群体性风险";
	case RISK_ESCALATION:
		return "越级上访风险";
	default:
		return "高风险";
	}
}

/* ---- learning the model ------------------------------------------------- */

static _Thread_local char learn_msg[200];
#define ORDINARY_HELD_EVERY 5

static fq_status learn_fail(fq_error *err, fq_status st, int corpus, size_t line, const char *what)
{
	if (line)
		snprintf(learn_msg, sizeof learn_msg, "第 %d 份样本第 %zu 行：%s", corpus + 1, line, what);
	else
		snprintf(learn_msg, sizeof learn_msg, "%s", what);
	return fq_fail(err, st, st == FQ_ENOMEM ? "no_memory" : "bad_risk_samples", learn_msg);
}

static int sample_class(const char *s, size_t n)
{
	static const char *const names[] = {"none", "self_harm", "violence", "group", "escalation"};
	for (int c = 0; c < RISK_MODEL_CLASSES; c++)
		if (strlen(names[c]) == n && memcmp(names[c], s, n) == 0)
			return c;
	return -1;
}

typedef struct samples {
	risk_sample *s;
	size_t n, cap;
	uint32_t **cps; /* each sample's folded text, owned */
} samples;

static void samples_free(samples *v)
{
	for (size_t i = 0; i < v->n; i++)
		mem_free(v->cps[i]);
	mem_free(v->s);
	mem_free(v->cps);
}

/* Adds one sample; held samples (those that choose the threshold) are
 * checked against the patterns, which count with the model. */
static fq_status add_sample(const risk_list *l, samples *v, int cls, bool held, const char *text, size_t len)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 1024;
		risk_sample *s = mem_realloc(v->s, cap * sizeof *s);
		if (s)
			v->s = s;
		uint32_t **c = s ? mem_realloc(v->cps, cap * sizeof *c) : NULL;
		if (!c)
			return FQ_ENOMEM;
		v->cps = c;
		v->cap = cap;
	}
	char *z = mem_alloc(len + 1);
	if (!z)
		return FQ_ENOMEM;
	memcpy(z, text, len);
	z[len] = 0;
	ntext t;
	fq_status st = ntext_make(z, len, RISK_MAX_CHARS, &t);
	if (st) {
		mem_free(z);
		return st;
	}
	bool flagged = false;
	if (held) {
		risk_result r;
		st = risk_check(l, z, NULL, &r);
		flagged = cls == RISK_MODEL_NONE ? r.level == RISK_HIGH : (r.kinds >> (cls - 1)) & 1u;
	}
	mem_free(z);
	if (st) {
		ntext_free(&t);
		return st;
	}
	mem_free(t.start);
	mem_free(t.end);
	v->cps[v->n] = t.cp;
	v->s[v->n++] = (risk_sample){t.cp, t.n, cls, held, flagged};
	return FQ_OK;
}

static fq_status read_corpus(const risk_list *l, samples *v, const risk_corpus *c, int ci, fq_error *err)
{
	size_t line = 0, ordinary = 0;
	for (size_t pos = 0; pos < c->n;) {
		const char *p = c->buf + pos, *nl = memchr(p, '\n', c->n - pos);
		size_t len = nl ? (size_t)(nl - p) : c->n - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0 || p[0] == '#')
			continue;
		const char *tab = c->ordinary ? NULL : memchr(p, '\t', len);
		int cls = RISK_MODEL_NONE;
		if (c->ordinary) {
			for (size_t i = len; i > 0 && !tab; i--)
				if (p[i - 1] == '\t')
					tab = p + i - 1;
		} else if (tab && (cls = sample_class(p, (size_t)(tab - p))) < 0)
			return learn_fail(err, FQ_EINVAL, ci, line, "未知的风险类别");
		if (!tab)
			return learn_fail(err, FQ_EINVAL, ci, line, c->ordinary ? "应以 <TAB>文本 结尾" : "应为 类别<TAB>文本");
		const char *text = tab + 1;
		size_t tl = len - (size_t)(text - p);
		if (!utf8_valid(text, tl))
			return learn_fail(err, FQ_EINVAL, ci, line, "文本不是合法的 UTF-8");
		/* a fifth of the ordinary appeals hold back with the held corpora,
		 * so that the threshold also answers for the everyday ones */
		bool held = c->held || (c->ordinary && ordinary++ % ORDINARY_HELD_EVERY == ORDINARY_HELD_EVERY - 1);
		fq_status st = add_sample(l, v, cls, held, text, tl);
		if (st)
			return learn_fail(err, st, ci, line, "内存不足");
	}
	return FQ_OK;
}

fq_status risk_list_learn(risk_list *l, const risk_corpus *c, int n, fq_error *err)
{
	if (!l || (!c && n > 0))
		return learn_fail(err, FQ_EINVAL, 0, 0, "参数错误");
	for (int i = 0; i < n; i++)
		if (!c[i].buf && c[i].n)
			return learn_fail(err, FQ_EINVAL, 0, 0, "参数错误");
	samples v = {0};
	fq_status st = FQ_OK;
	risk_model *m = NULL;
	risk_model *old = l->model;
	l->model = NULL; /* the held samples are checked against the patterns alone */
	for (int i = 0; i < n && !st; i++)
		st = read_corpus(l, &v, &c[i], i, err);
	if (!st && (st = risk_model_train(v.s, v.n, RISK_MODEL_MAX_FALSE, &m)))
		learn_fail(err, st, 0, 0, st == FQ_ENOMEM ? "内存不足" : "样本中缺少某一类别，或没有留作定阈值的普通诉求");
	samples_free(&v);
	if (st) {
		l->model = old;
		return st;
	}
	risk_model_free(old);
	l->model = m;
	return FQ_OK;
}

bool risk_list_model(const risk_list *l, risk_model_info *info)
{
	if (info)
		risk_model_get_info(l ? l->model : NULL, info);
	return l && l->model;
}
