/* mediation.c - the mediation documents laid out with render/doc.
 *
 * The texts that the law fixes (the rights and duties of arts. 23-24, the
 * effect of an agreement of art. 29, the channels of art. 26, judicial
 * confirmation of art. 33) are quoted from 《中华人民共和国人民调解法》
 * (2010); everything else comes from the record. */
#include "render/mediation.h"

#include <string.h>

#include "render/doc.h"

const char *const med_doc_names[MED_DOC_COUNT] = {
	"application", "registration", "notice", "record", "agreement", "termination", "followup", "cover",
};

const char *const med_doc_titles[MED_DOC_COUNT] = {
	"人民调解申请书",   "人民调解受理登记表", "人民调解当事人权利义务告知书", "人民调解记录",
	"人民调解协议书",   "终止人民调解通知书", "人民调解回访记录",             "人民调解卷宗",
};

int med_doc_parse(const char *name)
{
	for (int i = 0; name && i < MED_DOC_COUNT; i++)
		if (strcmp(name, med_doc_names[i]) == 0)
			return i;
	return -1;
}

static const char *s_(const char *s)
{
	return s ? s : "";
}

static const char *source_text(const char *s)
{
	static const struct {
		const char *code, *text;
	} t[] = {
		{"application", "当事人申请"},    {"initiative", "主动调解"},       {"police", "公安机关移送"},
		{"court_assigned", "人民法院委派"}, {"court_entrusted", "人民法院委托"}, {"government", "政府部门移送"},
		{"hotline", "热线转办"},           {"grid", "网格上报"},
	};
	for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i].code) == 0)
			return t[i].text;
	return s_(s);
}

static const char *channel_text(const char *c)
{
	if (!c)
		return "";
	if (strcmp(c, "arbitration") == 0)
		return "依法向仲裁机构申请仲裁（劳动争议向劳动人事争议仲裁委员会申请仲裁，农村土地承包经营纠纷向农村土地承包仲裁委员会申请仲裁）";
	if (strcmp(c, "administrative") == 0)
		return "依法请求有关行政机关处理，或者申请行政复议";
	if (strcmp(c, "litigation") == 0)
		return "依法向人民法院提起诉讼";
	return c;
}

static const char *performed_text(const char *p)
{
	if (!p)
		return "";
	if (strcmp(p, "full") == 0)
		return "已全部履行";
	if (strcmp(p, "partial") == 0)
		return "部分履行";
	if (strcmp(p, "none") == 0)
		return "未履行";
	return p;
}

/* "、"-joined names of the parties of one role (NULL: all). */
static const char *names_of(arena *a, const med_doc *m, const char *role)
{
	const char *acc = "";
	for (int i = 0; acc && i < m->n_parties; i++)
		if (!role || (m->parties[i].role && strcmp(m->parties[i].role, role) == 0))
			acc = arena_printf(a, "%s%s%s", acc, *acc ? "、" : "", s_(m->parties[i].name));
	return acc;
}

/* s, latching an allocation failure on d (s NULL). */
static const char *chk(doc *d, const char *s)
{
	if (!s)
		doc_fail(d, FQ_ENOMEM);
	return s ? s : "";
}

static const char *mediator_names(arena *a, const med_doc *m)
{
	const char *acc = "";
	for (int i = 0; acc && i < m->n_mediators; i++)
		acc = arena_printf(a, "%s%s%s", acc, *acc ? "、" : "", s_(m->mediators[i]));
	return acc;
}

/* The parties' particulars, two rows each, as the county form prints them:
 * 申请人 | 姓名 … 性别 … 年龄 … 民族 … / 住址 … 电话 … */
static void party_table(doc *d, arena *a, const med_doc *m, bool with_id)
{
	static const double w[] = {1.5, 0.9, 1.6, 0.9, 0.7, 0.9, 0.7, 0.9, 2.3};
	int rows_per = with_id ? 3 : 2;
	int n = m->n_parties;
	if (n == 0)
		return;
	doc_row *rows = arena_zalloc(a, sizeof *rows * (size_t)(n * rows_per));
	doc_cell *cells = arena_zalloc(a, sizeof *cells * (size_t)(n * 17));
	if (!rows || !cells) {
		doc_fail(d, FQ_ENOMEM);
		return;
	}
	for (int i = 0; i < n; i++) {
		const med_party *p = &m->parties[i];
		doc_cell *c = cells + i * 17;
		c[0] = (doc_cell){p->role ? p->role : "当事人", 1, rows_per, true};
		c[1] = (doc_cell){"姓名", 0, 0, true};
		c[2] = (doc_cell){s_(p->name), 0, 0, false};
		c[3] = (doc_cell){"性别", 0, 0, true};
		c[4] = (doc_cell){s_(p->sex), 0, 0, false};
		c[5] = (doc_cell){"年龄", 0, 0, true};
		c[6] = (doc_cell){s_(p->age), 0, 0, false};
		c[7] = (doc_cell){"民族", 0, 0, true};
		c[8] = (doc_cell){s_(p->ethnicity), 0, 0, false};
		c[9] = (doc_cell){"住址", 0, 0, true};
		c[10] = (doc_cell){s_(p->address), 5, 0, false};
		c[11] = (doc_cell){"电话", 0, 0, true};
		c[12] = (doc_cell){s_(p->phone), 0, 0, false};
		c[13] = (doc_cell){"身份证号", 0, 0, true};
		c[14] = (doc_cell){s_(p->id_number), 7, 0, false};
		rows[i * rows_per] = (doc_row){c, 9, 9};
		rows[i * rows_per + 1] = (doc_row){c + 9, 4, 9};
		if (with_id)
			rows[i * rows_per + 2] = (doc_row){c + 13, 2, 9};
	}
	doc_table(d, w, 9, rows, n * rows_per);
}

/* A labelled box: a label cell and a text cell of at least min_mm. */
static void box(doc *d, const char *label, const char *text, double min_mm)
{
	const doc_cell c[] = {{label, 0, 0, true}, {s_(text), 0, 0, false}};
	const doc_row r[] = {{c, 2, min_mm}};
	doc_table(d, (const double[]){1.8, 7.2}, 2, r, 1);
}

static void heading(doc *d, const char *title, const med_doc *m, bool numbered)
{
	doc_text(d, s_(m->committee), DOC_SUBTITLE);
	doc_text(d, title, DOC_TITLE);
	if (numbered && m->number && *m->number)
		doc_text(d, m->number, DOC_SUBTITLE);
	doc_space(d, 2);
}

static void application(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解申请书", m, false);
	party_table(d, a, m, false);
	doc_text(d, "申请事项", DOC_HEADING);
	doc_text(d, s_(m->request), DOC_INDENT);
	doc_text(d, "事实和理由", DOC_HEADING);
	doc_text(d, s_(m->summary), DOC_INDENT);
	doc_text(d, "本人自愿申请人民调解，保证如实陈述纠纷事实，遵守调解秩序。", DOC_INDENT);
	doc_space(d, 3);
	doc_textf(d, 0, "此致\n%s", s_(m->committee));
	doc_space(d, 4);
	int n = 0;
	doc_sign signs[MED_MAX_PARTIES];
	for (int i = 0; i < m->n_parties; i++)
		if (m->parties[i].role && strcmp(m->parties[i].role, "申请人") == 0)
			signs[n++] = (doc_sign){"申请人（签名或按指印）", NULL, m->applied_at};
	if (n == 0)
		signs[n++] = (doc_sign){"申请人（签名或按指印）", NULL, m->applied_at};
	doc_signatures(d, signs, n);
}

static void registration(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解受理登记表", m, false);
	doc_textf(d, DOC_RIGHT, "登记编号：%s", s_(m->register_no));
	const doc_cell c1[] = {{"申请日期", 0, 0, true}, {s_(m->applied_at), 0, 0, false}, {"受理日期", 0, 0, true},
			       {s_(m->accepted_at), 0, 0, false}};
	const doc_cell c2[] = {{"纠纷来源", 0, 0, true}, {source_text(m->source), 0, 0, false}, {"纠纷类型", 0, 0, true},
			       {s_(m->category), 0, 0, false}};
	const doc_row r[] = {{c1, 4, 9}, {c2, 4, 9}};
	doc_table(d, (const double[]){1.2, 1.6, 1.2, 1.6}, 4, r, 2);
	party_table(d, a, m, false);
	box(d, "纠纷简要情况", m->summary, 40);
	box(d, "指派调解员", chk(d, mediator_names(a, m)), 10);
	box(d, "受理意见", m->accepted_at && *m->accepted_at ? "经审查，符合人民调解受理条件，予以受理。" : "", 20);
	doc_signatures(d, (const doc_sign[]){{"登记人", m->registrar, m->accepted_at}}, 1);
}

static void notice(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解当事人权利义务告知书", m, false);
	doc_textf(d, 0, "%s：", chk(d, names_of(a, m, NULL)));
	doc_text(d, "人民调解委员会是依法设立的调解民间纠纷的群众性组织。人民调解委员会调解民间纠纷，在当事人自愿、平等的基础上进行，不收取任何费用。为保障你（们）的合法权益，现根据《中华人民共和国人民调解法》，将当事人在人民调解活动中的权利和义务告知如下：",
		 DOC_INDENT);
	doc_text(d, "一、当事人在人民调解活动中享有下列权利（第二十三条）：", DOC_BOLD);
	doc_text(d, "（一）选择或者接受人民调解员；", DOC_INDENT);
	doc_text(d, "（二）接受调解、拒绝调解或者要求终止调解；", DOC_INDENT);
	doc_text(d, "（三）要求调解公开进行或者不公开进行；", DOC_INDENT);
	doc_text(d, "（四）自主表达意愿、自愿达成调解协议。", DOC_INDENT);
	doc_text(d, "二、当事人在人民调解活动中履行下列义务（第二十四条）：", DOC_BOLD);
	doc_text(d, "（一）如实陈述纠纷事实；", DOC_INDENT);
	doc_text(d, "（二）遵守调解现场秩序，尊重人民调解员；", DOC_INDENT);
	doc_text(d, "（三）尊重对方当事人行使权利。", DOC_INDENT);
	doc_text(d, "三、其他事项：", DOC_BOLD);
	doc_text(d, "1. 人民调解不得阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利（第三条）。", DOC_INDENT);
	doc_text(d, "2. 当事人可以要求人民调解员回避；人民调解员与纠纷有利害关系的，不参与调解。", DOC_INDENT);
	doc_text(d, "3. 经调解达成的调解协议具有法律约束力，当事人应当按照约定履行（第三十一条）；双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（第三十三条）。",
		 DOC_INDENT);
	doc_text(d, "4. 调解不成的，人民调解员终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（第二十六条）。",
		 DOC_INDENT);
	doc_space(d, 3);
	doc_text(d, "以上内容本人已阅读（已听取告知），清楚明白。", DOC_INDENT);
	doc_sign signs[MED_MAX_PARTIES];
	int n = 0;
	for (int i = 0; i < m->n_parties; i++)
		signs[n++] = (doc_sign){"当事人（签名）", NULL, NULL};
	if (n == 0)
		signs[n++] = (doc_sign){"当事人（签名）", NULL, NULL};
	doc_signatures(d, signs, n);
	doc_seal(d, m->committee, m->accepted_at);
}

static void record(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解记录", m, false);
	doc_textf(d, DOC_RIGHT, "登记编号：%s", s_(m->register_no));
	const doc_cell c1[] = {{"纠纷类型", 0, 0, true}, {s_(m->category), 0, 0, false}, {"当事人", 0, 0, true},
			       {chk(d, names_of(a, m, NULL)), 0, 0, false}};
	const doc_row r1[] = {{c1, 4, 9}};
	doc_table(d, (const double[]){1.2, 1.6, 1.2, 1.6}, 4, r1, 1);
	if (m->n_sessions == 0)
		doc_text(d, "（尚无调解记录）", DOC_CENTER);
	for (int i = 0; i < m->n_sessions; i++) {
		const med_session *s = &m->sessions[i];
		doc_textf(d, DOC_HEADING, "第%d次调解%s", i + 1, s->booked ? "（预约，尚未进行）" : "");
		const doc_cell a1[] = {{"时间", 0, 0, true}, {s_(s->time), 0, 0, false}, {"地点", 0, 0, true},
				       {s_(s->place), 0, 0, false}};
		const doc_cell a2[] = {{"调解员", 0, 0, true}, {s_(s->mediators), 0, 0, false}, {"记录人", 0, 0, true},
				       {s_(m->recorder), 0, 0, false}};
		const doc_cell a3[] = {{"参加人员", 0, 0, true}, {s_(s->attendees), 3, 0, false}};
		const doc_cell a4[] = {{"调解情况", 0, 0, true}, {s_(s->notes), 3, 0, false}};
		const doc_row r[] = {{a1, 4, 9}, {a2, 4, 9}, {a3, 2, 9}, {a4, 2, s->booked ? 12 : 40}};
		doc_table(d, (const double[]){1.2, 1.6, 1.2, 1.6}, 4, r, 4);
	}
	if (m->oral && m->terms) {
		doc_text(d, "口头调解协议内容", DOC_HEADING);
		doc_textf(d, DOC_INDENT, "双方当事人于%s达成口头调解协议，自达成之日起生效（《中华人民共和国人民调解法》第三十条）。协议内容：%s",
			  s_(m->agreed_at), s_(m->terms));
	}
	if (m->result && *m->result)
		box(d, "调解结果", m->result, 10);
	doc_sign signs[MED_MAX_PARTIES + 2];
	int n = 0;
	for (int i = 0; i < m->n_parties; i++)
		signs[n++] = (doc_sign){"当事人（签名）", NULL, NULL};
	signs[n++] = (doc_sign){"调解员（签名）", NULL, NULL};
	signs[n++] = (doc_sign){"记录人（签名）", m->recorder, NULL};
	doc_signatures(d, signs, n);
}

static void agreement(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解协议书", m, true);
	party_table(d, a, m, true);
	doc_text(d, "纠纷主要事实、争议事项", DOC_HEADING);
	doc_text(d, s_(m->facts), DOC_INDENT);
	if (m->issues && *m->issues)
		doc_textf(d, DOC_INDENT, "争议事项：%s", m->issues);
	doc_text(d, "各方当事人的责任", DOC_HEADING);
	doc_text(d, s_(m->responsibilities), DOC_INDENT);
	doc_textf(d, DOC_HEADING, "经%s主持调解，当事人自愿达成如下协议", s_(m->committee));
	doc_text(d, s_(m->terms), DOC_INDENT);
	doc_text(d, "履行方式、时限", DOC_HEADING);
	doc_textf(d, DOC_INDENT, "履行方式：%s", s_(m->performance_method));
	doc_textf(d, DOC_INDENT, "履行期限：%s", s_(m->performance_deadline));
	doc_space(d, 2);
	doc_textf(d, DOC_INDENT,
		  "本协议一式%d份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律约束力，当事人应当按照约定履行。",
		  m->n_parties + 1);
	doc_text(d, "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认；人民法院依法确认调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。",
		 DOC_INDENT);
	doc_space(d, 4);
	doc_sign signs[MED_MAX_PARTIES + 8];
	int n = 0;
	for (int i = 0; i < m->n_parties; i++)
		signs[n++] = (doc_sign){chk(d, arena_printf(a, "%s（签名或按指印）", m->parties[i].role ? m->parties[i].role : "当事人")),
					m->parties[i].name, NULL};
	for (int i = 0; i < m->n_mediators && i < 6; i++)
		signs[n++] = (doc_sign){"人民调解员（签名）", m->mediators[i], NULL};
	if (m->n_mediators == 0)
		signs[n++] = (doc_sign){"人民调解员（签名）", NULL, NULL};
	doc_signatures(d, signs, n);
	doc_seal(d, m->committee, m->agreed_at);
}

static void termination(doc *d, arena *a, const med_doc *m)
{
	heading(d, "终止人民调解通知书", m, false);
	doc_textf(d, DOC_RIGHT, "登记编号：%s", s_(m->register_no));
	doc_textf(d, 0, "%s：", chk(d, names_of(a, m, NULL)));
	doc_textf(d, DOC_INDENT, "你（们）之间的%s纠纷，经本委员会调解，因%s，依照《中华人民共和国人民调解法》第二十六条的规定，本委员会决定终止调解。",
		  m->category && *m->category ? m->category : "", m->termination_reason && *m->termination_reason
									 ? m->termination_reason
									 : "调解不成");
	doc_text(d, "你（们）可以依法通过下列途径维护自己的权利：", DOC_INDENT);
	for (int i = 0; i < m->n_channels; i++)
		doc_textf(d, DOC_INDENT, "%d. %s；", i + 1, channel_text(m->channels[i]));
	if (m->n_channels == 0)
		doc_text(d, "依法通过仲裁、行政、司法等途径维护自己的权利。", DOC_INDENT);
	doc_text(d, "特此通知。", DOC_INDENT);
	doc_seal(d, m->committee, m->terminated_at);
	doc_space(d, 6);
	doc_text(d, "送达回证", DOC_HEADING);
	doc_sign signs[MED_MAX_PARTIES];
	int n = 0;
	for (int i = 0; i < m->n_parties; i++)
		signs[n++] = (doc_sign){"受送达人（签名）", m->parties[i].name, NULL};
	if (n)
		doc_signatures(d, signs, n);
}

static void followup(doc *d, arena *a, const med_doc *m)
{
	heading(d, "人民调解回访记录", m, false);
	const doc_cell c0[] = {{"协议编号", 0, 0, true}, {s_(m->number), 3, 0, false}};
	const doc_cell c1[] = {{"当事人", 0, 0, true}, {chk(d, names_of(a, m, NULL)), 3, 0, false}};
	const doc_cell c2[] = {{"协议内容", 0, 0, true}, {s_(m->terms), 3, 0, false}};
	const doc_cell c3[] = {{"履行期限", 0, 0, true}, {s_(m->performance_deadline), 3, 0, false}};
	const doc_row r[] = {{c0, 2, 9}, {c1, 2, 9}, {c2, 2, 12}, {c3, 2, 9}};
	const double w[] = {1.2, 1.6, 1.2, 1.6};
	doc_table(d, w, 4, r, 4);
	if (m->n_followups == 0)
		doc_text(d, "（尚无回访）", DOC_CENTER);
	for (int i = 0; i < m->n_followups; i++) {
		const med_followup *f = &m->followups[i];
		doc_textf(d, DOC_HEADING, "第%d次回访", i + 1);
		const doc_cell a1[] = {{"回访时间", 0, 0, true}, {s_(f->time), 0, 0, false}, {"回访人", 0, 0, true},
				       {s_(f->by), 0, 0, false}};
		const doc_cell a2[] = {{"回访方式", 0, 0, true}, {s_(f->method), 0, 0, false}, {"履行情况", 0, 0, true},
				       {performed_text(f->performed), 0, 0, false}};
		const doc_cell a3[] = {{"当事人满意度", 0, 0, true}, {s_(f->satisfaction), 0, 0, false}, {"矛盾风险", 0, 0, true},
				       {s_(f->risk), 0, 0, false}};
		const doc_cell a4[] = {{"回访情况", 0, 0, true}, {s_(f->note), 3, 0, false}};
		const doc_row rr[] = {{a1, 4, 9}, {a2, 4, 9}, {a3, 4, 9}, {a4, 2, 25}};
		doc_table(d, w, 4, rr, 4);
	}
	doc_signatures(d, (const doc_sign[]){{"回访人（签名）", NULL, NULL}}, 1);
}

static void cover(doc *d, arena *a, const med_doc *m)
{
	doc_space(d, 20);
	doc_text(d, s_(m->committee), DOC_LARGE | DOC_CENTER);
	doc_text(d, "人民调解卷宗", DOC_TITLE);
	doc_space(d, 10);
	const doc_cell c[][2] = {
		{{"卷宗号", 0, 0, true}, {s_(m->volume_no), 0, 0, false}},
		{{"协议编号", 0, 0, true}, {s_(m->number), 0, 0, false}},
		{{"纠纷类型", 0, 0, true}, {s_(m->category), 0, 0, false}},
		{{"当事人", 0, 0, true}, {chk(d, names_of(a, m, NULL)), 0, 0, false}},
		{{"人民调解员", 0, 0, true}, {chk(d, mediator_names(a, m)), 0, 0, false}},
		{{"受理日期", 0, 0, true}, {s_(m->accepted_at), 0, 0, false}},
		{{"结案日期", 0, 0, true}, {s_(m->closed_at), 0, 0, false}},
		{{"调解结果", 0, 0, true}, {s_(m->result), 0, 0, false}},
		{{"保管期限", 0, 0, true}, {s_(m->retention), 0, 0, false}},
	};
	doc_row rows[9];
	for (int i = 0; i < 9; i++)
		rows[i] = (doc_row){c[i], 2, 11};
	doc_table(d, (const double[]){1.3, 4}, 2, rows, 9);
	doc_page_break(d);
	doc_text(d, "卷内目录", DOC_TITLE);
	/* What the file holds, in the order of art. 27: registration, the
	 * record of the work, the agreement (or the termination). */
	const char *items[8];
	int n = 0;
	items[n++] = "人民调解申请书";
	items[n++] = "人民调解受理登记表";
	items[n++] = "人民调解当事人权利义务告知书";
	if (m->n_sessions)
		items[n++] = "人民调解记录";
	if (m->terms && *m->terms && !m->oral)
		items[n++] = "人民调解协议书";
	if (m->termination_reason || m->n_channels)
		items[n++] = "终止人民调解通知书";
	if (m->n_followups)
		items[n++] = "人民调解回访记录";
	doc_cell *cells = arena_zalloc(a, sizeof *cells * (size_t)(3 * (n + 1)));
	doc_row *r = arena_zalloc(a, sizeof *r * (size_t)(n + 1));
	if (!cells || !r) {
		doc_fail(d, FQ_ENOMEM);
		return;
	}
	cells[0] = (doc_cell){"序号", 0, 0, true};
	cells[1] = (doc_cell){"文件名称", 0, 0, true};
	cells[2] = (doc_cell){"备注", 0, 0, true};
	r[0] = (doc_row){cells, 3, 9};
	for (int i = 0; i < n; i++) {
		doc_cell *k = cells + 3 * (i + 1);
		k[0] = (doc_cell){chk(d, arena_printf(a, "%d", i + 1)), 0, 0, false};
		k[1] = (doc_cell){items[i], 0, 0, false};
		k[2] = (doc_cell){"", 0, 0, false};
		r[i + 1] = (doc_row){k, 3, 9};
	}
	doc_table(d, (const double[]){0.8, 5, 1.6}, 3, r, n + 1);
}

fq_status render_mediation(arena *a, med_doc_kind kind, const med_doc *m, const unsigned char **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	if ((int)kind < 0 || kind >= MED_DOC_COUNT || m->n_parties < 0 || m->n_parties > MED_MAX_PARTIES)
		return FQ_EINVAL;
	static void (*const draw[MED_DOC_COUNT])(doc *, arena *, const med_doc *) = {
		application, registration, notice, record, agreement, termination, followup, cover,
	};
	doc *d = doc_begin(a, med_doc_titles[kind], 0);
	if (!d)
		return FQ_ENOMEM;
	draw[kind](d, a, m);
	return doc_finish(d, pdf, len);
}
