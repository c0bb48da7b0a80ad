/* forms.c - the 受理回执 and the 平安码 posters, laid out with render/doc. */
#include "render/forms.h"

#include <stdbool.h>

#include "render/doc.h"

static const char *or_blank(const char *s)
{
	return s && *s ? s : "";
}

fq_status render_receipt(arena *a, const receipt_doc *r, const unsigned char **pdf, size_t *len)
{
	doc *d = doc_begin(a, "受理回执", 0);
	if (!d)
		return FQ_ENOMEM;
	doc_text(d, or_blank(r->org_name), DOC_SUBTITLE);
	doc_text(d, "受理回执", DOC_TITLE);
	doc_textf(d, DOC_SUBTITLE, "受理编号：%s", or_blank(r->tracking_no));
	doc_space(d, 3);
	const char *code = r->query_code ? r->query_code : "（已在登记时告知反映人，本回执不显示）";
	const doc_cell c1[] = {{"受理编号", 0, 0, true}, {r->tracking_no, 0, 0, false}, {"查询码", 0, 0, true}, {code, 0, 0, false}};
	const doc_cell c2[] = {{"反映人", 0, 0, true}, {or_blank(r->applicant), 0, 0, false}, {"受理方式", 0, 0, true},
			       {or_blank(r->channel), 0, 0, false}};
	const doc_cell c3[] = {{"事项名称", 0, 0, true}, {or_blank(r->title), 3, 0, false}};
	const doc_cell c4[] = {{"事项类别", 0, 0, true}, {or_blank(r->category), 0, 0, false}, {"受理日期", 0, 0, true},
			       {or_blank(r->date), 0, 0, false}};
	const doc_cell c5[] = {{"发生地点", 0, 0, true}, {or_blank(r->place), 3, 0, false}};
	const doc_cell c6[] = {{"受理机构", 0, 0, true}, {or_blank(r->org_name), 3, 0, false}};
	const doc_cell c7[] = {{"办理时限", 0, 0, true}, {or_blank(r->time_limit), 3, 0, false}};
	const doc_row rows[] = {{c1, 4, 9}, {c2, 4, 9}, {c3, 2, 9}, {c4, 4, 9}, {c5, 2, 9}, {c6, 2, 9}, {c7, 2, 12}};
	doc_table(d, (const double[]){1, 2.1, 1, 1.5}, 4, rows, 7);
	doc_text(d, "查询与反馈", DOC_HEADING);
	doc_textf(d, DOC_INDENT, "请妥善保管本回执。您可凭受理编号和查询码在“网上枫桥”查询办理进度、评价办理结果：%s",
		  or_blank(r->query_url));
	doc_text(d, "查询码是查看办理情况的凭证，请勿告知他人；遗失时可凭本人有效证件到受理机构查询。对办理结果不满意的，可在查询页面提出评价，或向上一级机关反映。",
		 DOC_INDENT);
	doc_space(d, 6);
	if (r->staff)
		doc_signatures(d, (const doc_sign[]){{"经办人", r->staff, r->date}, {"反映人（签名）", NULL, NULL}}, 2);
	doc_seal(d, or_blank(r->org_name), r->date);
	return doc_finish(d, pdf, len);
}

fq_status render_poster(arena *a, const poster_doc *p, const unsigned char **pdf, size_t *len)
{
	doc *d = doc_begin(a, "平安码公示牌", 0);
	if (!d)
		return FQ_ENOMEM;
	if (p->place_label)
		doc_textf(d, DOC_TITLE, "%s平安码", p->place_label);
	else
		doc_text(d, "网格公示牌", DOC_TITLE);
	doc_text(d, or_blank(p->address ? p->address : p->grid_name), DOC_LARGE | DOC_CENTER | DOC_BOLD);
	doc_text(d, or_blank(p->area), DOC_SUBTITLE);
	doc_space(d, 4);
	if (p->qr)
		doc_modules(d, p->qr->dark, p->qr->width, 70);
	doc_text(d, "平安码：扫一扫，反映身边的矛盾纠纷和安全隐患", DOC_LARGE | DOC_CENTER);
	doc_space(d, 4);
	const char *worker = p->worker_name ? p->worker_name : "（待配备）";
	const doc_cell c0[] = {{p->place_label ? p->place_label : "", 0, 0, true}, {or_blank(p->address), 3, 0, false}};
	const doc_cell c1[] = {{"网格名称", 0, 0, true}, {or_blank(p->grid_name), 0, 0, false}, {"网格编码", 0, 0, true},
			       {or_blank(p->grid_code), 0, 0, false}};
	const doc_cell c2[] = {{"网格员", 0, 0, true}, {worker, 0, 0, false}, {"联系电话", 0, 0, true},
			       {or_blank(p->worker_phone), 0, 0, false}};
	const doc_cell c3[] = {{"监督电话", 0, 0, true}, {or_blank(p->supervisor_phone), 3, 0, false}};
	const doc_row rows[] = {{c0, 2, 10}, {c1, 4, 10}, {c2, 4, 10}, {c3, 2, 10}};
	bool place = p->place_label && p->address;
	doc_table(d, (const double[]){1, 1.8, 1, 1.8}, 4, place ? rows : rows + 1,
		  (p->supervisor_phone ? 3 : 2) + (place ? 1 : 0));
	doc_text(d, "扫码后地点已自动确定，您的诉求将首先交由本网格网格员，网格员将在规定时限内回电联系您；紧急情况请直接拨打 110、119、120。",
		 DOC_INDENT);
	if (p->supervisor_phone)
		doc_textf(d, DOC_INDENT, "对网格员的工作有意见或建议，请拨打监督电话：%s", p->supervisor_phone);
	doc_textf(d, DOC_SMALL, "扫码不便时可访问：%s", or_blank(p->url));
	return doc_finish(d, pdf, len);
}

fq_status render_stickers(arena *a, const poster_doc *p, const unsigned char **pdf, size_t *len)
{
	doc *d = doc_begin(a, "平安码贴纸", 0);
	if (!d)
		return FQ_ENOMEM;
	/* A row of a code and its caption, three rows to a page, cut along
	 * the rules: each fits a door frame or a building's entrance. */
	for (int i = 0; i < 3; i++) {
		if (p->qr)
			doc_modules(d, p->qr->dark, p->qr->width, 50);
		doc_textf(d, DOC_CENTER | DOC_BOLD, "平安码 · %s", or_blank(p->grid_name));
		if (p->address)
			doc_text(d, p->address, DOC_SMALL | DOC_CENTER);
		if (p->worker_name)
			doc_textf(d, DOC_SMALL | DOC_CENTER, "网格员 %s %s", p->worker_name, or_blank(p->worker_phone));
		else
			doc_text(d, "扫码反映身边事", DOC_SMALL | DOC_CENTER);
		doc_space(d, 6);
	}
	return doc_finish(d, pdf, len);
}
