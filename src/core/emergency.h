/* emergency.h - recognising, in a citizen's own words, danger that is
 * happening now, and the number that answers it: 110 (violence or crime in
 * progress), 119 (fire, explosion, gas leak, people trapped or in the
 * water), 120 (unconscious, bleeding heavily, not breathing, poisoned), 122
 * (a traffic accident with people hurt).
 *
 * An appeal that tells of a past fire, fight or accident to ask for
 * compensation is the platform's daily work and must stay a case; only the
 * present is diverted. So a danger predicate counts only when the time
 * around it is now: the nearest tense cue before it (正在, 刚刚, 还在 …
 * against 去年, 上个月, 当时, a date …), an urgent call (救命, 快来)
 * anywhere, or, for the predicates that describe an ongoing state
 * (着火了, 被困, 叫不醒), no past cue and no sign of a claim (赔偿,
 * 要求, 说法 …). Negated (没着火), hypothetical (万一着火) and
 * subordinate (着火那天, 车祸以后) mentions never count.
 *
 * The rules compose per-service lexicons (tools, victims, states, events)
 * with those cues, so that unseen wordings of the same situation match.
 * Pure: no I/O, no allocation; the rules are tables in emergency.c. Tuned
 * on data/emergency/train.tsv, measured on data/emergency/heldout.tsv and
 * heldout2.tsv (tests/unit/test_emergency.c). */
#ifndef FQ_EMERGENCY_H
#define FQ_EMERGENCY_H

typedef enum emergency_service {
	EMERGENCY_NONE = 0,
	EMERGENCY_POLICE,  /* 110 */
	EMERGENCY_FIRE,    /* 119 */
	EMERGENCY_MEDICAL, /* 120 */
	EMERGENCY_TRAFFIC, /* 122 */
} emergency_service;

typedef struct emergency_result {
	emergency_service service;
	const char *call; /* "110" … "122"; NULL for none (static storage) */
	const char *cue;  /* the predicate that decided it (static), NULL for none */
} emergency_result;

/* Reads text (UTF-8, NUL-terminated; NULL reads as empty) and fills *out.
 * Returns out->service. */
emergency_service emergency_detect(const char *text, emergency_result *out);

/* "110" / "119" / "120" / "122"; NULL for EMERGENCY_NONE. */
const char *emergency_call(emergency_service s);
/* The advice shown to the citizen, in Chinese (static storage); NULL for
 * EMERGENCY_NONE. */
const char *emergency_message(emergency_service s);

#endif
