/* supervision.h - 督办 lists and the periodic notice (通报): supervised,
 * overdue and returned cases of a subtree. Included through
 * store/store.h. */
#ifndef FQ_STORE_SUPERVISION_H
#define FQ_STORE_SUPERVISION_H

#include <stdint.h>

typedef struct supervised_case {
	case_rec c;
	int64_t times, last_at;
	int top_level;         /* the highest level that supervised it (1 city .. 3 township) */
	const char *last_note;
} supervised_case;

/* Cases under path_prefix supervised at least once (by a user of org
 * level `level` when level >= 0), open ones only when open_only, most
 * recently supervised first; keyset cursor on (last_at, id). */
fq_status store_supervised(store_tx *tx, arena *a, const char *path_prefix, int level, bool open_only,
			   int64_t before_at, int64_t before_id, int limit, supervised_case **out, int *n);

typedef struct notice_case {
	case_rec c;
	int64_t returns, supervisions;
} notice_case;

/* Cases under path_prefix that, for the notice of [from, to]: are open and
 * red now (registered up to `to`), or were returned or supervised within
 * the period. */
fq_status store_notice_cases(store_tx *tx, arena *a, const char *path_prefix, int64_t from, int64_t to,
			     notice_case **out, int *n);

#endif
