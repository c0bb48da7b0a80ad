/* mediation_flow.c - the mediation's rule table: one row per action (the
 * statuses that allow it, where it leads, who may take it, the fields it
 * needs), the clock's limits and the value lists of payloads. */
#include "core/mediation_flow.h"

#include <string.h>

#define S(x) (1u << (x))
#define DAY 86400

static const struct {
	const char *name, *label;
} statuses[MED_STATUS_COUNT] = {
	[MED_STATUS_NONE] = {"", ""},
	[MED_REFERRED] = {"referred", "待签收"},
	[MED_APPLIED] = {"applied", "待受理"},
	[MED_ACCEPTED] = {"accepted", "已受理"},
	[MED_MEDIATING] = {"mediating", "调解中"},
	[MED_AGREED] = {"agreed", "协议待签"},
	[MED_EFFECTIVE] = {"effective", "协议生效"},
	[MED_TERMINATED] = {"terminated", "终止调解"},
	[MED_DECLINED] = {"declined", "不予受理"},
	[MED_ARCHIVED] = {"archived", "已归档"},
};

enum who {
	W_COMMITTEE = 1 << 0, /* staff of the committee running it */
	W_CENTER = 1 << 1,    /* dispatcher or leader whose area holds the case */
	W_PUBLIC = 1 << 2,    /* the party with the tracking number and query code */
	W_SYSTEM = 1 << 3,    /* the platform (trusted steps) */
};

/* The roles that ever act on a mediation (the rest get 403 whatever the
 * status): the committee's staff, and the centers that watch it. */
#define STAFF_ROLES (ROLE_LEADER | ROLE_DISPATCHER | ROLE_HANDLER | ROLE_MEDIATOR)
#define CENTER_ROLES (ROLE_LEADER | ROLE_DISPATCHER)

#define OPEN_WORK (S(MED_ACCEPTED) | S(MED_MEDIATING) | S(MED_AGREED))
#define EVERY ((1u << MED_STATUS_COUNT) - 2u)

static const struct rule {
	const char *name, *label;
	unsigned states;
	enum med_status to; /* MED_STATUS_NONE: unchanged */
	unsigned who;
	unsigned need;
} actions[MED_ALL] = {
	[MED_ACCEPT] = {"accept", "受理", S(MED_REFERRED) | S(MED_APPLIED), MED_ACCEPTED, W_COMMITTEE, MF_CONSENTS},
	[MED_DECLINE] = {"decline", "不予受理", S(MED_REFERRED) | S(MED_APPLIED), MED_DECLINED, W_COMMITTEE, MF_REASON},
	[MED_ASSIGN] = {"assign", "指定调解员", S(MED_ACCEPTED) | S(MED_MEDIATING), MED_MEDIATING, W_COMMITTEE,
			MF_MEDIATORS},
	[MED_RECUSE] = {"recuse", "申请回避", S(MED_MEDIATING), MED_STATUS_NONE, W_COMMITTEE | W_PUBLIC,
			MF_MEDIATOR | MF_REQUESTED_BY | MF_REASON},
	[MED_DECIDE_RECUSAL] = {"decide_recusal", "回避决定", S(MED_MEDIATING), MED_STATUS_NONE, W_COMMITTEE,
				MF_APPROVE | MF_REASON},
	[MED_SCHEDULE] = {"schedule", "预约调解", S(MED_ACCEPTED) | S(MED_MEDIATING), MED_STATUS_NONE, W_COMMITTEE,
			  MF_TIME | MF_PLACE},
	[MED_SESSION] = {"session", "调解", S(MED_MEDIATING), MED_STATUS_NONE, W_COMMITTEE, MF_TIME | MF_PLACE | MF_NOTES},
	[MED_CONSULT_EXPERT] = {"consult_expert", "专家咨询", S(MED_MEDIATING), MED_STATUS_NONE, W_COMMITTEE,
				MF_EXPERT | MF_QUESTION},
	[MED_EXTEND] = {"extend", "延长调解期限", OPEN_WORK, MED_STATUS_NONE, W_COMMITTEE, MF_DAYS | MF_CONSENTS},
	[MED_AGREE] = {"agree", "达成协议", S(MED_MEDIATING), MED_AGREED, W_COMMITTEE, MF_FORM | MF_TERMS},
	[MED_SIGN] = {"sign", "签字盖章", S(MED_AGREED), MED_STATUS_NONE, W_COMMITTEE, MF_SIGNER},
	[MED_TERMINATE] = {"terminate", "终止调解", OPEN_WORK, MED_TERMINATED, W_COMMITTEE, MF_REASON},
	[MED_FOLLOWUP] = {"followup", "回访", S(MED_EFFECTIVE) | S(MED_ARCHIVED), MED_STATUS_NONE, W_COMMITTEE,
			  MF_PERFORMED},
	[MED_URGE] = {"urge", "督促履行", S(MED_EFFECTIVE) | S(MED_ARCHIVED), MED_STATUS_NONE, W_COMMITTEE | W_CENTER,
		      MF_NOTE},
	[MED_ARCHIVE] = {"archive", "归档", S(MED_EFFECTIVE) | S(MED_TERMINATED) | S(MED_DECLINED), MED_ARCHIVED,
			 W_COMMITTEE, MF_VOLUME},
	[MED_APPLY_CONFIRMATION] = {"apply_confirmation", "申请司法确认", S(MED_EFFECTIVE) | S(MED_ARCHIVED),
				    MED_STATUS_NONE, W_COMMITTEE | W_PUBLIC, MF_COURT | MF_APPLICANTS},
	[MED_REFER_ARBITRATION] = {"refer_arbitration", "引导申请劳动仲裁", S(MED_ACCEPTED) | S(MED_MEDIATING),
				   MED_TERMINATED, W_COMMITTEE, MF_KNOWN_AT},
	/* The parties may choose their mediator from the published roster
	 * (art. 19): the choice is recorded for the committee, which honours
	 * it with assign; the committee records a choice made at its desk. */
	[MED_CHOOSE_MEDIATOR] = {"choose_mediator", "当事人选择调解员", S(MED_APPLIED) | S(MED_ACCEPTED) | S(MED_MEDIATING),
				 MED_STATUS_NONE, W_COMMITTEE | W_PUBLIC, MF_MEDIATOR},
	[MED_CREATE] = {"create", "申请调解", EVERY, MED_STATUS_NONE, W_SYSTEM, 0},
	[MED_WARN] = {"warn", "时限预警", S(MED_REFERRED) | OPEN_WORK, MED_STATUS_NONE, W_SYSTEM, 0},
	[MED_CONFIRMED] = {"confirmation_ruled", "司法确认裁定", S(MED_EFFECTIVE) | S(MED_ARCHIVED), MED_STATUS_NONE,
			   W_SYSTEM, 0},
};

enum med_status med_flow_status_parse(const char *s)
{
	for (int i = MED_REFERRED; s && i < MED_STATUS_COUNT; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum med_status)i;
	return MED_STATUS_NONE;
}

const char *med_flow_status_name(enum med_status s)
{
	return (unsigned)s < MED_STATUS_COUNT ? statuses[s].name : "";
}

const char *med_flow_status_label(enum med_status s)
{
	return (unsigned)s < MED_STATUS_COUNT ? statuses[s].label : "";
}

enum med_action med_flow_action_parse(const char *s)
{
	for (int i = 0; s && i < MED_ACTION_COUNT; i++)
		if (strcmp(actions[i].name, s) == 0)
			return (enum med_action)i;
	return MED_ACTION_NONE;
}

static bool known(enum med_action a)
{
	return (unsigned)a < MED_ALL && a != MED_ACTION_NONE;
}

const char *med_flow_action_name(enum med_action a)
{
	return known(a) ? actions[a].name : "";
}

const char *med_flow_action_label(enum med_action a)
{
	return known(a) ? actions[a].label : "";
}

bool med_flow_status_closed(enum med_status s)
{
	return s == MED_TERMINATED || s == MED_DECLINED || s == MED_ARCHIVED || s == MED_EFFECTIVE;
}

bool med_flow_status_allows(enum med_status s, enum med_action a)
{
	return known(a) && (unsigned)s < MED_STATUS_COUNT && s != MED_STATUS_NONE && (actions[a].states & S(s));
}

enum med_status med_flow_next(enum med_status s, enum med_action a, bool written)
{
	if (!med_flow_status_allows(s, a) || actions[a].to == MED_STATUS_NONE)
		return s;
	if (a == MED_AGREE && !written)
		return MED_EFFECTIVE; /* an oral agreement takes effect when reached (art. 30) */
	return actions[a].to;
}

static unsigned who_of(const med_relation *rel)
{
	unsigned w = 0;
	if (rel->committee && (rel->role & STAFF_ROLES))
		w |= W_COMMITTEE;
	if (rel->center && (rel->role & CENTER_ROLES))
		w |= W_CENTER;
	if (rel->public_ && rel->role == ROLE_NONE)
		w |= W_PUBLIC;
	return w;
}

/* What a fact of the record forbids now; NULL when nothing. */
static const char *fact(enum med_action a, const med_facts *f)
{
	if (!f)
		return NULL;
	switch (a) {
	case MED_RECUSE:
		return f->recusal_pending ? "已有回避申请待决定，请先作出决定" : NULL;
	case MED_DECIDE_RECUSAL:
		return f->recusal_pending ? NULL : "没有待决定的回避申请";
	case MED_REFER_ARBITRATION:
		return med_flow_arbitration_open(f) ? NULL : "劳动争议自受理之日起满15日未达成协议的，才可引导申请劳动仲裁";
	default:
		return NULL;
	}
}

fq_status med_flow_check(const med_relation *rel, enum med_status s, const med_facts *f, enum med_action a,
			 fq_error *err)
{
	if (!rel || !rel->in_scope)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "未找到该调解");
	if (!known(a) || a > MED_ACTION_COUNT)
		return fq_fail(err, FQ_EINVAL, "unknown_action", "未知的调解操作");
	unsigned w = who_of(rel);
	bool staff = (rel->role & STAFF_ROLES) != 0 || (rel->role == ROLE_NONE && rel->public_);
	if (!staff || (rel->role == ROLE_NONE && !(actions[a].who & W_PUBLIC)))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "您的角色不能办理此项调解操作");
	if (!med_flow_status_allows(s, a))
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition",
			       s == MED_EFFECTIVE && a == MED_AGREE ? "协议已生效，不能修改" : "调解当前状态不允许此操作");
	if (!(actions[a].who & w))
		return fq_fail(err, FQ_EFORBIDDEN, "forbidden", "只有承办该调解的调解组织可以办理此操作");
	const char *why = fact(a, f);
	if (why)
		return fq_fail(err, FQ_ECONFLICT, "invalid_transition", why);
	return FQ_OK;
}

unsigned med_flow_allowed(const med_relation *rel, enum med_status s, const med_facts *f)
{
	unsigned m = 0;
	for (int a = 0; a < MED_ACTION_COUNT; a++) {
		if (a == MED_SIGN && f && !f->written)
			continue;
		if (med_flow_check(rel, s, f, (enum med_action)a, NULL) == FQ_OK)
			m |= 1u << a;
	}
	return m;
}

unsigned med_flow_required(enum med_action a, bool court, bool written)
{
	if (!known(a))
		return 0;
	unsigned need = actions[a].need;
	if (a == MED_ACCEPT && court)
		need &= ~MF_CONSENTS; /* the court's referral carries the parties' consent */
	if (a == MED_AGREE && written)
		need |= MF_FACTS;
	return need;
}

static const struct {
	unsigned bit;
	const char *msg;
} field_msgs[] = {
	{MF_CONSENTS, "请记录各方当事人是否同意调解（consents）"},
	{MF_REASON, "请填写理由（reason）"},
	{MF_MEDIATORS, "请选择调解员（mediator_ids）"},
	{MF_MEDIATOR, "请选择调解员（mediator_id）"},
	{MF_REQUESTED_BY, "请填写回避申请人（requested_by）"},
	{MF_APPROVE, "请选择是否准予回避（approve）"},
	{MF_TIME, "请填写时间（time）"},
	{MF_PLACE, "请填写地点（place）"},
	{MF_NOTES, "请填写调解记录（notes）"},
	{MF_EXPERT, "请选择专家（expert_id）"},
	{MF_QUESTION, "请填写咨询的问题（question）"},
	{MF_DAYS, "请填写延长的天数（days）"},
	{MF_FORM, "请选择协议形式（form：written 或 oral）"},
	{MF_TERMS, "请填写协议内容（terms）"},
	{MF_FACTS, "书面协议应写明主要事实、争议事项和履行方式、期限（facts、issues、performance）"},
	{MF_SIGNER, "请填写签字人（signer）"},
	{MF_PERFORMED, "请选择履行情况（performed）"},
	{MF_NOTE, "请填写说明（note）"},
	{MF_VOLUME, "请填写卷宗号（volume_no）"},
	{MF_COURT, "请选择受理司法确认的法院（court_unit_id）"},
	{MF_APPLICANTS, "请填写共同申请的当事人（applicants）"},
	{MF_KNOWN_AT, "请填写劳动者知道权利受到侵害的日期（known_at）"},
};

fq_status med_flow_fields_check(enum med_action a, bool court, bool written, unsigned present, fq_error *err)
{
	unsigned missing = med_flow_required(a, court, written) & ~present;
	for (size_t i = 0; missing && i < sizeof field_msgs / sizeof field_msgs[0]; i++)
		if (missing & field_msgs[i].bit)
			return fq_fail(err, FQ_EINVAL, "missing_field", field_msgs[i].msg);
	return FQ_OK;
}

static bool in_list(const char *const *v, const char *s)
{
	for (; s && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

bool med_flow_source_valid(const char *s)
{
	static const char *const v[] = {"application", "initiative", "police", "court_assigned", "court_entrusted",
					"government",  "hotline",    "grid",   NULL};
	return in_list(v, s);
}

bool med_flow_referral_kind_valid(const char *s)
{
	static const char *const v[] = {"assigned", "entrusted", "entrusted_simple", NULL};
	return in_list(v, s);
}

bool med_flow_termination_valid(const char *s)
{
	static const char *const v[] = {"no_agreement", "refused", "expired", "withdrawn", NULL};
	return in_list(v, s);
}

bool med_flow_channel_valid(const char *s)
{
	static const char *const v[] = {"arbitration", "administrative", "litigation", NULL};
	return in_list(v, s);
}

bool med_flow_performed_valid(const char *s)
{
	static const char *const v[] = {"full", "partial", "none", NULL};
	return in_list(v, s);
}

int med_flow_limit_days(const char *referral_kind, bool labour)
{
	if (referral_kind && strcmp(referral_kind, "assigned") == 0)
		return 30;
	if (referral_kind && strcmp(referral_kind, "entrusted") == 0)
		return 15;
	if (referral_kind && strcmp(referral_kind, "entrusted_simple") == 0)
		return 7;
	return labour ? 15 : 30;
}

bool med_flow_labour_category(const char *category)
{
	return category && (strcmp(category, "labor") == 0 || strcmp(category, "wage_arrears") == 0);
}

bool med_flow_arbitration_open(const med_facts *f)
{
	return f && f->labour && f->accepted_at && f->now >= f->accepted_at + 15 * DAY;
}

const char *med_flow_warning(int64_t start, int64_t deadline, int64_t now)
{
	if (!deadline)
		return "none";
	if (now > deadline)
		return "red";
	int64_t span = start && deadline > start ? deadline - start : 30 * DAY;
	int64_t window = span < 15 * DAY ? span / 5 : 3 * DAY;
	if (window < DAY)
		window = DAY;
	return now >= deadline - window ? "yellow" : "none";
}

const char *med_flow_not_confirmable(const char *category)
{
	if (!category)
		return NULL;
	if (strcmp(category, "marriage_family") == 0)
		return "涉及身份关系（婚姻家庭）的调解协议不能申请司法确认";
	if (strcmp(category, "housing_homestead") == 0 || strcmp(category, "land_contract") == 0)
		return "涉及确认物权归属的调解协议不能申请司法确认";
	return NULL;
}
