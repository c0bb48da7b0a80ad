/* test_mediation_doc.c - render/mediation: each of the eight documents of
 * a mediation rendered from sample data is a PDF whose text (pdftotext)
 * carries what the county template prints: the parties' particulars, the
 * statutory rights and duties, sessions booked and held, the agreement's
 * facts, terms, performance, number and committee with a signature line
 * for every party and the mediator and the seal, the channels left after a
 * termination, the follow-ups and the file's contents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/doc.h"
#include "render/mediation.h"
#include "pdftext.h"

static int setup(void **state)
{
	*state = arena_create(64u << 20);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static const med_party parties[] = {
	{"申请人", "王秀英", "女", "58", "汉族", "长安区建北街道棉一东社区3号楼2单元301", "139****1234", "130102196803151226"},
	{"被申请人", "刘志强", "男", "41", "回族", "长安区建北街道棉一东社区3号楼2单元401", "138****5678", NULL},
};
static const char *const mediators[] = {"李建华", "张丽"};
static const med_session sessions[] = {
	{"2026年3月3日 9:30", "棉一东社区调解室", "李建华、张丽", "王秀英、刘志强、社区网格员",
	 "双方陈述了卫生间漏水的经过，调解员查看了现场，讲解了《民法典》相邻关系的规定。", false},
	{"2026年3月6日 14:00", "棉一东社区调解室", "李建华", "王秀英、刘志强", NULL, true},
};
static const char *const channels[] = {"litigation", "administrative", "arbitration"};
static const med_followup followups[] = {
	{"2026年4月10日", "张丽", "电话回访", "full", "满意", "无", "维修已完成，双方关系缓和。"},
};

static med_doc sample(void)
{
	return (med_doc){
		.committee = "长安区建北街道人民调解委员会",
		.number = "（2026）长人调字第17号",
		.register_no = "130102-20260301-00042",
		.category = "邻里纠纷",
		.source = "application",
		.applied_at = "2026年3月1日",
		.accepted_at = "2026年3月2日",
		.closed_at = "2026年3月6日",
		.summary = "楼上住户卫生间长期漏水，导致申请人家中顶棚发霉脱落，多次协商未果。",
		.request = "请求调解被申请人维修漏水并赔偿顶棚修复费用。",
		.parties = parties,
		.n_parties = 2,
		.mediators = mediators,
		.n_mediators = 2,
		.recorder = "赵敏",
		.registrar = "赵敏",
		.sessions = sessions,
		.n_sessions = 2,
		.facts = "被申请人家中卫生间防水层老化，自2025年10月起渗漏至申请人家中。",
		.issues = "漏水原因、维修责任及损失赔偿数额。",
		.responsibilities = "被申请人对漏水负主要责任；申请人对损失扩大负次要责任。",
		.terms = "一、被申请人于2026年3月20日前完成卫生间防水维修；二、被申请人赔偿申请人顶棚修复费用人民币贰仟元。",
		.performance_method = "现金或转账一次性支付",
		.performance_deadline = "2026年3月31日前",
		.agreed_at = "2026年3月6日",
		.termination_reason = "被申请人明确拒绝继续调解",
		.channels = channels,
		.n_channels = 3,
		.terminated_at = "2026年3月8日",
		.followups = followups,
		.n_followups = 1,
		.volume_no = "建北调2026-017",
		.retention = "长期",
		.result = "调解成功",
	};
}

static char *render(arena *a, med_doc_kind k, const med_doc *m)
{
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(render_mediation(a, k, m, &pdf, &len), FQ_OK);
	assert_memory_equal(pdf, "%PDF", 4);
	/* FQ_DOC_DUMP=dir keeps the PDFs to look at. */
	const char *dump = getenv("FQ_DOC_DUMP");
	char *path = dump ? arena_printf(a, "%s/%s.pdf", dump, med_doc_names[k]) : NULL;
	FILE *f = path ? fopen(path, "wb") : NULL;
	if (f) {
		fwrite(pdf, 1, len, f);
		fclose(f);
	}
	char *t = pdf_text(a, pdf, len);
	assert_non_null(t);
	/* pdftotext breaks lines where the layout wrapped them: compare
	 * without the breaks. */
	char *o = t;
	for (char *p = t; *p; p++)
		if (*p != '\n' && *p != ' ')
			*o++ = *p;
	*o = 0;
	return t;
}

static void expect(const char *text, const char *const *want)
{
	for (; *want; want++)
		if (!strstr(text, *want))
			fail_msg("missing \"%s\" in:\n%s", *want, text);
}

static void each_document(void **state)
{
	arena *a = *state;
	med_doc m = sample();
	static const char *const common[] = {"长安区建北街道人民调解委员会", NULL};
	static const char *const want[MED_DOC_COUNT][24] = {
		[MED_DOC_APPLICATION] = {"人民调解申请书", "申请人", "王秀英", "性别", "女", "年龄", "58", "民族", "汉族", "住址",
					 "电话", "139****1234", "被申请人", "刘志强", "回族", "申请事项", "维修漏水", "事实和理由",
					 "顶棚发霉脱落", "此致", "申请人（签名或按指印）", "2026年3月1日", NULL},
		[MED_DOC_REGISTRATION] = {"人民调解受理登记表", "130102-20260301-00042", "当事人申请", "邻里纠纷",
					  "2026年3月2日", "纠纷简要情况", "指派调解员", "李建华、张丽", "受理意见", "予以受理",
					  "登记人", "赵敏", NULL},
		[MED_DOC_NOTICE] = {"权利义务告知书", "王秀英、刘志强：", "第二十三条", "（一）选择或者接受人民调解员；",
				    "（二）接受调解、拒绝调解或者要求终止调解；", "（三）要求调解公开进行或者不公开进行；",
				    "（四）自主表达意愿、自愿达成调解协议。", "第二十四条", "（一）如实陈述纠纷事实；",
				    "（二）遵守调解现场秩序，尊重人民调解员；", "（三）尊重对方当事人行使权利。", "不收取任何费用",
				    "司法确认", "当事人（签名）", "（盖章）", NULL},
		[MED_DOC_RECORD] = {"人民调解记录", "第1次调解", "2026年3月3日9:30", "棉一东社区调解室", "社区网格员", "相邻关系",
				    "第2次调解（预约，尚未进行）", "记录人", "赵敏", "调解结果", "调解成功", "调解员（签名）", NULL},
		[MED_DOC_AGREEMENT] = {"人民调解协议书", "（2026）长人调字第17号", "王秀英", "130102196803151226", "刘志强",
				       "纠纷主要事实、争议事项", "防水层老化", "争议事项：漏水原因", "各方当事人的责任",
				       "负主要责任", "自愿达成如下协议", "贰仟元", "履行方式：现金或转账一次性支付",
				       "履行期限：2026年3月31日前", "本协议一式3份", "申请人（签名或按指印）",
				       "被申请人（签名或按指印）", "人民调解员（签名）", "李建华", "张丽",
				       "长安区建北街道人民调解委员会（盖章）", "2026年3月6日", "三十日内共同向人民法院申请司法确认", NULL},
		[MED_DOC_TERMINATION] = {"终止人民调解通知书", "王秀英、刘志强：", "邻里纠纷", "被申请人明确拒绝继续调解",
					 "第二十六条", "决定终止调解", "1.依法向人民法院提起诉讼", "2.依法请求有关行政机关处理",
					 "3.依法向仲裁机构申请仲裁", "2026年3月8日", "送达回证", NULL},
		[MED_DOC_FOLLOWUP] = {"人民调解回访记录", "（2026）长人调字第17号", "第1次回访", "2026年4月10日", "电话回访",
				      "已全部履行", "满意", "维修已完成", "回访人（签名）", NULL},
		[MED_DOC_COVER] = {"人民调解卷宗", "建北调2026-017", "（2026）长人调字第17号", "王秀英、刘志强", "李建华、张丽",
				   "2026年3月6日", "调解成功", "长期", "卷内目录", "人民调解受理登记表", "人民调解记录",
				   "人民调解协议书", "终止人民调解通知书", "人民调解回访记录", "第2页", NULL},
	};
	for (int k = 0; k < MED_DOC_COUNT; k++) {
		char *t = render(a, (med_doc_kind)k, &m);
		expect(t, common);
		expect(t, want[k]);
	}
}

static void blanks_and_names(void **state)
{
	arena *a = *state;
	/* An empty record still prints every form, with blanks to fill. */
	med_doc m = {0};
	for (int k = 0; k < MED_DOC_COUNT; k++) {
		const unsigned char *pdf;
		size_t len;
		assert_int_equal(render_mediation(a, (med_doc_kind)k, &m, &pdf, &len), FQ_OK);
	}
	char *t = render(a, MED_DOC_TERMINATION, &m);
	assert_non_null(strstr(t, "依法通过仲裁、行政、司法等途径维护自己的权利"));
	/* An oral agreement is recorded in the 调解记录. */
	m = sample();
	m.oral = true;
	t = render(a, MED_DOC_RECORD, &m);
	assert_non_null(strstr(t, "口头调解协议"));
	assert_non_null(strstr(t, "第三十条"));
	/* Names and bounds. */
	for (int k = 0; k < MED_DOC_COUNT; k++)
		assert_int_equal(med_doc_parse(med_doc_names[k]), k);
	assert_int_equal(med_doc_parse("receipt"), -1);
	assert_int_equal(med_doc_parse(NULL), -1);
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(render_mediation(a, MED_DOC_COUNT, &m, &pdf, &len), FQ_EINVAL);
	m.n_parties = MED_MAX_PARTIES + 1;
	assert_int_equal(render_mediation(a, MED_DOC_AGREEMENT, &m, &pdf, &len), FQ_EINVAL);
}

static void many_parties(void **state)
{
	arena *a = *state;
	med_party ps[MED_MAX_PARTIES];
	for (int i = 0; i < MED_MAX_PARTIES; i++)
		ps[i] = (med_party){i ? "被申请人" : "申请人", arena_printf(a, "当事人%02d", i + 1), "男", "30", "汉族",
				    "长安区", "138****0000", NULL};
	med_doc m = sample();
	m.parties = ps;
	m.n_parties = MED_MAX_PARTIES;
	char *t = render(a, MED_DOC_AGREEMENT, &m);
	assert_non_null(strstr(t, "当事人20"));
	assert_non_null(strstr(t, "本协议一式21份"));
	assert_non_null(strstr(t, "第3页"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_document, setup, teardown),
		cmocka_unit_test_setup_teardown(blanks_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(many_parties, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_shutdown();
	return rc;
}
