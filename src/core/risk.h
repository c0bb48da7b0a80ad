/* risk.h - high-risk words (高风险词): whether the text of a case speaks of
 * self-harm, violence, a mass incident or a crowd of workers demanding
 * wages, and which words said so.
 *
 * The words live in an editable list (data/risk_words.tsv, parsed from a
 * buffer here; the core does no I/O). Each line is
 *
 *     word<TAB>kind<TAB>note
 *
 * where kind is one of
 *     self_harm   跳楼, 喝农药, 不想活了 …        alone makes the text high risk
 *     violence    砍死, 弄死你, 炸药 …             alone makes the text high risk
 *     mass        聚集, 拉横幅, 进京上访 …         alone makes the text high risk
 *     crowd[:N]   讨薪, 拖欠…工资 …               high only when the text also
 *                 names a crowd of at least N people (default 10): "几十个工人",
 *                 "30多人", "一百多名农民工", "上百户"
 *     exclude     跳楼价, 极端天气, 被报复 …       a phrase that is never risk:
 *                 words found inside it do not count
 * A word may hold one gap, written "…" (or "*"): "北京…上访" matches 北京
 * followed by 上访 within RISK_MAX_GAP code points. Matching ignores spaces,
 * folds full-width ASCII to half-width and upper to lower case, so "不想 活了"
 * and "ＫＴＶ" match "不想活了" and "ktv".
 *
 * A parsed list is immutable: any number of threads may check texts against
 * it at once. To change the list, parse a new one and swap it. */
#ifndef FQ_RISK_H
#define FQ_RISK_H

#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct risk_list risk_list;

#define RISK_MAX_WORDS 4096
#define RISK_MAX_WORD_BYTES 120
#define RISK_MAX_GAP 12
#define RISK_MAX_HITS 16
/* Only the first RISK_MAX_CHARS code points of a text are read. */
#define RISK_MAX_CHARS 20000

enum risk_level {
	RISK_NORMAL = 0,
	RISK_HIGH = 1,
};

enum risk_kind {
	RISK_SELF_HARM = 0,
	RISK_VIOLENCE,
	RISK_MASS,
	RISK_CROWD,      /* a crowd word together with a crowd of people */
	RISK_CROWD_SIZE, /* the words that named the crowd ("三十多个工人") */
};

typedef struct risk_hit {
	size_t off, len;      /* bytes of the text where the words were found */
	const char *word;     /* those bytes, NUL-terminated, in the arena; NULL without one */
	enum risk_kind kind;
} risk_hit;

typedef struct risk_result {
	enum risk_level level;
	int n_hits;           /* distinct words, in text order, at most RISK_MAX_HITS */
	risk_hit hits[RISK_MAX_HITS];
} risk_result;

/* Parses a list from n bytes of TSV (need not be NUL-terminated; blank
 * lines and lines starting with '#' are skipped, CRLF accepted) into a new
 * list in *out (free it with risk_list_free). Errors: FQ_EINVAL on a bad
 * line (unknown kind, empty, too long or invalid UTF-8 word, more than one
 * gap, or more than RISK_MAX_WORDS words), err->message naming the line
 * ("第 3 行：…") in a buffer of the calling thread that stays valid until
 * its next call of risk_list_parse; FQ_ENOMEM. *out is NULL on error. */
fq_status risk_list_parse(const char *buf, size_t n, risk_list **out, fq_error *err);
/* NULL is a no-op. */
void risk_list_free(risk_list *l);
/* Words in the list (all kinds). */
size_t risk_list_size(const risk_list *l);

/* Checks text (UTF-8; invalid bytes never match) against the list. When a
 * is non-NULL each hit's word is copied into it. out->level is RISK_HIGH
 * when any self_harm, violence or mass word, or a crowd word together with
 * a large enough crowd, is found. Errors: FQ_EINVAL (NULL l, text or out),
 * FQ_ENOMEM (from the arena or the scratch buffer; out is then normal with
 * no hits). */
fq_status risk_check(const risk_list *l, const char *text, arena *a, risk_result *out);

/* "high" / "normal". */
const char *risk_level_name(enum risk_level level);
/* "self_harm", "violence", "mass", "crowd", "crowd_size". */
const char *risk_kind_name(enum risk_kind kind);

#endif
