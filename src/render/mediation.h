/* mediation.h - the eight documents of a people's mediation, in the
 * layout a county template uses: 申请书 (application), 受理登记表
 * (registration), 权利义务告知书 (notice, the rights and duties of
 * 人民调解法 arts. 23-24), 调解记录 (record), 调解协议书 (agreement, art. 29),
 * 终止调解通知书 (termination, art. 26, naming the channels that remain),
 * 回访记录 (followup, art. 31) and 卷宗封面与目录 (cover, art. 27).
 *
 * The data is a plain struct the caller fills from the mediation record
 * (service/); this module looks nothing up. Every string may be NULL or ""
 * and prints as a blank to fill by hand; lists may be empty. Personal data
 * is printed as given: the caller decides what the reader may see. */
#ifndef FQ_MEDIATION_DOC_H
#define FQ_MEDIATION_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/status.h"

typedef struct med_party {
	const char *role; /* "申请人", "被申请人", "当事人" */
	const char *name, *sex, *age, *ethnicity;
	const char *address, *phone;
	const char *id_number; /* optional: printed on the agreement when given */
} med_party;

typedef struct med_session {
	const char *time, *place;
	const char *mediators; /* names, "、"-joined */
	const char *attendees;
	const char *notes;     /* what was said and done */
	bool booked;           /* 预约: not held yet */
} med_session;

typedef struct med_followup {
	const char *time, *by, *method;
	const char *performed;    /* full | partial | none, or the text */
	const char *satisfaction, *risk, *note;
} med_followup;

typedef struct med_doc {
	const char *committee;    /* 长安区建北街道人民调解委员会 */
	const char *number;       /* the agreement's number: （2026）长人调字第17号 */
	const char *register_no;  /* the registration's number (the case's tracking number) */
	const char *category;     /* 纠纷类型 */
	const char *source;       /* application, initiative, police, court_assigned, court_entrusted,
				   * government, hotline, grid, or the text */
	const char *applied_at, *accepted_at, *closed_at; /* "2026年3月1日" */
	const char *summary;      /* 纠纷简要情况 */
	const char *request;      /* 申请事项 */
	const med_party *parties;
	int n_parties;
	const char *const *mediators; /* names */
	int n_mediators;
	const char *recorder;
	const char *registrar;    /* who registered it */
	const med_session *sessions;
	int n_sessions;
	/* The agreement (art. 29). */
	const char *facts, *issues, *responsibilities, *terms;
	const char *performance_method, *performance_deadline;
	const char *agreed_at;
	bool oral;                /* an oral agreement: the mediator's record of it */
	/* Termination (art. 26). */
	const char *termination_reason;
	const char *const *channels; /* arbitration | administrative | litigation, or the text */
	int n_channels;
	const char *terminated_at;
	const med_followup *followups;
	int n_followups;
	/* The file (art. 27). */
	const char *volume_no, *retention, *result;
} med_doc;

typedef enum med_doc_kind {
	MED_DOC_APPLICATION,
	MED_DOC_REGISTRATION,
	MED_DOC_NOTICE,
	MED_DOC_RECORD,
	MED_DOC_AGREEMENT,
	MED_DOC_TERMINATION,
	MED_DOC_FOLLOWUP,
	MED_DOC_COVER,
	MED_DOC_COUNT
} med_doc_kind;

#define MED_MAX_PARTIES 20

/* "application" … "cover" (the path names of
 * GET /api/v1/mediations/{id}/documents/{name}.pdf) and their titles. */
extern const char *const med_doc_names[MED_DOC_COUNT];
extern const char *const med_doc_titles[MED_DOC_COUNT];
/* The kind named name, or -1. */
int med_doc_parse(const char *name);

/* Renders one document of m as an A4 PDF on a. Errors: FQ_EINVAL for a
 * kind out of range or more than MED_MAX_PARTIES parties; those of
 * doc_finish. */
fq_status render_mediation(arena *a, med_doc_kind kind, const med_doc *m, const unsigned char **pdf, size_t *len);

#endif
