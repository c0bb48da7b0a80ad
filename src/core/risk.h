/* risk.h - high-risk appeals (高风险诉求): whether the text of a case
 * threatens self-harm, violence, group action or escalation beyond the
 * level that handles it, which kinds, and which words said so.
 *
 * The patterns live in an editable list (data/risk_words.tsv, parsed from a
 * buffer here; the core does no I/O). Each line is
 *
 *     pattern<TAB>kind<TAB>note
 *
 * where kind is one of
 *     self_harm   不想活, 喝(农)?药, 从…楼…跳 …     alone makes the text high risk
 *     violence    拿刀, 一把火, 跟…拼(命|了) …      alone makes the text high risk
 *     group       拉横幅, 堵厂门, 大伙…一块去 …     alone makes the text high risk
 *     escalation  上北京, 去省里…告, 爬…塔吊 …      alone makes the text high risk
 *     mass        the old name of group
 *     crowd[:N]   讨薪, 一块去, 联名 …              group risk only when the text
 *                 also names a crowd of at least N people (default 10):
 *                 "几十个工人", "30多人", "一百多名农民工", "上百户"
 *     people      大伙, 全村, 业主们 …              a crowd named without a number:
 *                 counts as a crowd of 10 for the crowd words
 *     exclude     跳楼价, 拉横幅搞促销 …            a phrase that is never risk:
 *                 patterns that share characters with it do not count
 *     negate      不会, 没想过, 去年 …              a cue that cancels a pattern
 *                 starting at most RISK_NEGATE_WINDOW code points after it,
 *                 in the same clause ("我不会去北京告", "去年想不开过")
 *     lex:NAME    菜刀, 镰刀, 擀面杖 …              a word of class NAME (lower case,
 *                 digits, _); classes flag nothing by themselves
 * A pattern may use {NAME} (also as an alternative inside parentheses) for
 * any word of a class defined on an earlier line, so a frame such as
 * "(拿|抄)~{tool}…{hurt}~{them}" matches every combination of its words.
 * A frame's words are reported only where no plain pattern of its kind
 * overlaps them. Two gaps with only an empty alternative between them are
 * one gap.
 * A pattern is a phrase with
 *     (a|b|c)   alternatives, (a)? or (a|) optional; no nesting;
 *     …  or *   a gap of at most RISK_MAX_GAP code points, ~ one of at most
 *               RISK_SHORT_GAP (not across a pause); at most three gaps, never across the end of
 *               a sentence (。！？；, a new line).
 * Texts and patterns are compared after core/textnorm.h's folding: spaces
 * skipped, full-width and upper case folded, common traditional characters
 * simplified, punctuation reduced to a pause and a stop, so "不想 活了",
 * "ＫＴＶ" and "殺了他" match "不想活了", "ktv" and "杀了他".
 *
 * A parsed list is immutable: any number of threads may check texts against
 * it at once. To change the list, parse a new one and swap it. */
#ifndef FQ_RISK_H
#define FQ_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct risk_list risk_list;

/* Patterns after alternatives are expanded; one line expands to at most
 * RISK_MAX_EXPANSIONS. */
#define RISK_MAX_WORDS 40000
#define RISK_MAX_EXPANSIONS 2048
#define RISK_MAX_WORD_BYTES 2048
#define RISK_MAX_GAP 12
#define RISK_SHORT_GAP 4
#define RISK_NEGATE_WINDOW 6
#define RISK_MAX_HITS 16
/* Only the first RISK_MAX_CHARS code points of a text are read. */
#define RISK_MAX_CHARS 20000

enum risk_level {
	RISK_NORMAL = 0,
	RISK_HIGH = 1,
};

/* The first RISK_KINDS are the kinds an appeal is flagged with; the crowd
 * hits count as group. */
enum risk_kind {
	RISK_SELF_HARM = 0,
	RISK_VIOLENCE,
	RISK_GROUP,
	RISK_ESCALATION,
	RISK_CROWD,      /* a crowd word together with a crowd of people: group */
	RISK_CROWD_SIZE, /* the words that named the crowd ("三十多个工人"): group */
};
#define RISK_KINDS 4
#define RISK_MASS RISK_GROUP /* the old name */

typedef struct risk_hit {
	size_t off, len;      /* bytes of the text where the words were found */
	const char *word;     /* those bytes, NUL-terminated, in the arena; NULL without one */
	enum risk_kind kind;
} risk_hit;

typedef struct risk_result {
	enum risk_level level;
	unsigned kinds;       /* bit 1 << k for each flagged kind k < RISK_KINDS */
	int n_hits;           /* distinct words, in text order, at most RISK_MAX_HITS */
	risk_hit hits[RISK_MAX_HITS];
} risk_result;

/* Parses a list from n bytes of TSV (need not be NUL-terminated; blank
 * lines and lines starting with '#' are skipped, CRLF accepted) into a new
 * list in *out (free it with risk_list_free). Errors: FQ_EINVAL on a bad
 * line (unknown kind, empty, too long or invalid UTF-8 pattern, a gap at
 * either end, more than three gaps, nested or unclosed parentheses, more
 * than RISK_MAX_EXPANSIONS expansions, or more than RISK_MAX_WORDS
 * patterns), err->message naming the line
 * ("第 3 行：…") in a buffer of the calling thread that stays valid until
 * its next call of risk_list_parse; FQ_ENOMEM. *out is NULL on error. */
fq_status risk_list_parse(const char *buf, size_t n, risk_list **out, fq_error *err);
/* NULL is a no-op. */
void risk_list_free(risk_list *l);
/* Patterns in the list after expansion (all kinds). */
size_t risk_list_size(const risk_list *l);

/* Checks text (UTF-8; invalid bytes never match) against the list. When a
 * is non-NULL each hit's word is copied into it. out->level is RISK_HIGH
 * when any self_harm, violence, group or escalation pattern, or a crowd
 * word together with a large enough crowd, is found outside an excluded
 * phrase and not negated, or (once the list has learnt, risk_list_learn)
 * when the model finds a kind; out->kinds says which kinds. Errors: FQ_EINVAL (NULL l, text or out),
 * FQ_ENOMEM (from the arena or the scratch buffer; out is then normal with
 * no hits). */
fq_status risk_check(const risk_list *l, const char *text, arena *a, risk_result *out);

/* The second signal: a statistical model of how citizens write each kind
 * of risk, learnt from labelled appeals (core/risk_model.h: softmax
 * regression over character 1-3-grams of the folded text), so that a
 * paraphrase no pattern spells out is still flagged ("把命搭上",
 * "老乡们一块去乡里"). Once a list has learnt, risk_check flags a kind when
 * a pattern finds it or when the model's probability for it exceeds the
 * threshold chosen at learning; the words of a kind only the model found
 * are the spans of the text whose n-grams weigh most towards it (never
 * empty), and they obey the list's exclusions and negation cues. */
typedef struct risk_corpus {
	const char *buf;  /* n bytes of TSV, need not be NUL-terminated */
	size_t n;
	bool ordinary;    /* lines whose last field is an ordinary appeal (the
			   * triage sets: flow<TAB>category<TAB>text); otherwise
			   * kind<TAB>text, kind one of none self_harm violence
			   * group escalation */
	bool held;        /* held back to choose the threshold: the model that
			   * chooses it learns without these appeals (and
			   * without every fifth ordinary appeal, held too),
			   * the final model learns from all */
} risk_corpus;

/* False alarms the threshold allows on the ordinary appeals held back at
 * learning, the patterns' own included: a threshold, not a measure, so it
 * stays below the 3 % the detector must keep on appeals it never saw. */
#define RISK_MODEL_MAX_FALSE 0.02

typedef struct risk_model_info {
	size_t samples, features;
	double threshold;      /* P(kind) above which the model flags the kind */
	double split_recall;   /* on the samples held back: patterns or model */
	double split_false;    /* false alarms there: patterns or model */
} risk_model_info;

/* Learns the model from n corpora (blank lines and lines starting with '#'
 * skipped, CRLF accepted), replacing any model learnt before. Deterministic:
 * the same corpora in the same order give the same model. Call it before
 * the list is shared: it is the one call that changes a parsed list. Costs
 * about 0.2 s for 4,000 appeals. Errors: FQ_EINVAL (a bad line, named in
 * err->message as "第 2 份样本第 7 行：…" in a buffer of the calling thread
 * valid until its next call; or no appeal of some kind), FQ_ENOMEM; the
 * list then keeps its previous model. */
fq_status risk_list_learn(risk_list *l, const risk_corpus *c, int n, fq_error *err);
/* Whether l has learnt a model; info (may be NULL) gets what the split at
 * learning measured (zeros without a model). */
bool risk_list_model(const risk_list *l, risk_model_info *info);

/* "high" / "normal"; parse gives RISK_NORMAL for any other text (the
 * schema's default). */
const char *risk_level_name(enum risk_level level);
enum risk_level risk_level_parse(const char *s);
/* "self_harm", "violence", "group", "escalation", "crowd", "crowd_size". */
const char *risk_kind_name(enum risk_kind kind);
/* The kind a hit is flagged as: crowd hits are group. */
enum risk_kind risk_kind_flagged(enum risk_kind kind);
/* 自伤自杀风险, 暴力风险, 群体性风险, 越级上访风险 (crowd kinds: 群体性风险). */
const char *risk_kind_label(enum risk_kind kind);

#endif
