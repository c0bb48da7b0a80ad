/* exports.c - Excel workbooks of case lists and KPI tables.
 *
 * libxlsxwriter in constant-memory mode flushes each row to a temporary
 * file as it is written, and the finished workbook is sent from its file
 * descriptor (unlinked at once), so 100,000 rows never sit in memory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api/api.h"
#include "api/case_json.h"
#include "core/case_flow.h"
#include "core/categories.h"
#include "core/mediation_flow.h"
#include "service/exports.h"
#include "service/mediation.h"
#include "service/oplog.h"
#include "service/stats.h"
#include "service/supervision.h"
#include "util/clock.h"

#define MAX_EXPORT_ROWS 200000
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

typedef struct sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date, *pct, *num2;
	lxw_row_t row;
} sheet;

/* A workbook in a fresh temporary file under dir. */
static fq_status open_book(const char *dir, char *path, size_t n, sheet *sh, const char *title)
{
	mkdir(dir, 0700); /* the files folder may not exist before the first upload */
	snprintf(path, n, "%s/.export-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		return FQ_EIO;
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	memset(sh, 0, sizeof *sh);
	if (!(sh->wb = workbook_new_opt(path, &opt)) || !(sh->ws = workbook_add_worksheet(sh->wb, title))) {
		if (sh->wb)
			workbook_close(sh->wb);
		unlink(path);
		return FQ_EIO;
	}
	sh->head = workbook_add_format(sh->wb);
	format_set_bold(sh->head);
	format_set_bg_color(sh->head, 0xDCE6F2);
	format_set_border(sh->head, LXW_BORDER_THIN);
	sh->date = workbook_add_format(sh->wb);
	format_set_num_format(sh->date, "yyyy-mm-dd hh:mm");
	sh->pct = workbook_add_format(sh->wb);
	format_set_num_format(sh->pct, "0.0%");
	sh->num2 = workbook_add_format(sh->wb);
	format_set_num_format(sh->num2, "0.00");
	return FQ_OK;
}

/* Closes the workbook and hands its file to the response. */
static fq_status send_book(http_req *rq, http_resp *rs, sheet *sh, const char *path, const char *filename)
{
	lxw_error e = workbook_close(sh->wb);
	int fd = e == LXW_NO_ERROR ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return FQ_EIO;
	}
	/* RFC 5987: the Chinese file name percent-encoded as UTF-8. */
	char enc[512];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)filename; *p && k + 4 < sizeof enc; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '-' || *p == '_')
			enc[k++] = (char)*p;
		else
			k += (size_t)snprintf(enc + k, sizeof enc - k, "%%%02X", *p);
	}
	enc[k] = 0;
	const char *disp = arena_printf(rq->a, "attachment; filename=\"export.xlsx\"; filename*=UTF-8''%s", enc);
	if (!disp) {
		close(fd);
		return FQ_ENOMEM;
	}
	http_add_header(rs, "Content-Disposition", disp);
	http_add_header(rs, "Cache-Control", "no-store");
	rs->status = 200;
	rs->content_type = XLSX;
	rs->file_fd = fd;
	rs->file_size = (uint64_t)sb.st_size;
	return FQ_OK;
}

/* The end of a list export: the rows written (st == FQ_OK), an autofilter
 * over columns 0..last_col, sent as "<stem>-<today>.xlsx"; on a failure of
 * the rows the file is dropped and st returned. */
static fq_status finish_list(http_req *rq, http_resp *rs, sheet *sh, const char *path, fq_status st, int last_col,
			     const char *stem, fq_error *err)
{
	if (st) {
		workbook_close(sh->wb);
		unlink(path);
		return st;
	}
	worksheet_autofilter(sh->ws, 0, 0, sh->row > 1 ? sh->row - 1 : 0, (lxw_col_t)last_col);
	char day[32];
	clock_format_date(clock_now(), day);
	if ((st = send_book(rq, rs, sh, path, arena_printf(rq->a, "%s-%s.xlsx", stem, day))))
		return fq_fail(err, st, "export_failed", "导出文件生成失败");
	return FQ_OK;
}

static void put_time(sheet *sh, lxw_col_t col, int64_t t)
{
	if (!t)
		return;
	time_t x = (time_t)(t + CLOCK_CST_OFFSET);
	struct tm tm;
	gmtime_r(&x, &tm);
	lxw_datetime d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, 0};
	worksheet_write_datetime(sh->ws, sh->row, col, &d, sh->date);
}

static void put_str(sheet *sh, lxw_col_t col, const char *s)
{
	if (s && *s)
		worksheet_write_string(sh->ws, sh->row, col, s, NULL);
}

static void header(sheet *sh, const char *const *names, const double *widths, int n)
{
	for (int i = 0; i < n; i++) {
		worksheet_write_string(sh->ws, 0, (lxw_col_t)i, names[i], sh->head);
		worksheet_set_column(sh->ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
	}
	worksheet_freeze_panes(sh->ws, 1, 0);
	sh->row = 1;
}

static const char *outcome_label(const char *o)
{
	static const struct {
		const char *code, *label;
	} t[] = {
		{"mediated", "调解成功"}, {"mediation_failed", "调解不成"}, {"resolved", "已解决"},
		{"answered", "已答复"},   {"referred_court", "诉调对接"},   {"referred_arbitration", "转仲裁"},
		{"referred_admin_review", "转行政复议"}, {"rejected", "不予支持"},
	};
	for (size_t i = 0; o && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].code, o) == 0)
			return t[i].label;
	return o;
}

static const char *channel_label(const char *c)
{
	static const char *const t[][2] = {{"web", "网站"},   {"h5", "手机"},      {"hotline", "热线"},
					   {"walk_in", "窗口"}, {"grid", "网格上报"}, {"qr", "平安码"},
					   {"import", "导入"},  {"open311", "Open311"}};
	for (size_t i = 0; c && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i][0], c) == 0)
			return t[i][1];
	return c;
}

static int case_row(void *p, const export_row *r)
{
	sheet *sh = p;
	const case_rec *c = r->c;
	const char *w = c->warning == DEADLINE_RED ? "红灯" : c->warning == DEADLINE_YELLOW ? "黄灯" : NULL;
	put_str(sh, 0, c->tracking_no);
	put_time(sh, 1, c->created_at);
	put_str(sh, 2, channel_label(c->channel));
	put_str(sh, 3, flow_label(c->flow));
	put_str(sh, 4, r->category_name ? r->category_name : c->category);
	put_str(sh, 5, c->title);
	put_str(sh, 6, r->org_name ? r->org_name : c->org);
	put_str(sh, 7, r->unit_name);
	put_str(sh, 8, case_flow_status_label(c->status));
	put_str(sh, 9, w);
	put_time(sh, 10, c->deadline);
	put_time(sh, 11, c->resolved_at);
	put_str(sh, 12, outcome_label(c->outcome));
	put_str(sh, 13, c->satisfaction);
	sh->row++;
	return 0;
}

fq_status api_cases_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	case_list_req req;
	fq_status s = case_json_list_query(rq, &req, err);
	if (s)
		return s;
	char path[4096];
	sheet sh;
	if ((s = open_book(ctx->svc->files_dir, path, sizeof path, &sh, "事项清单")))
		return fq_fail(err, s, "export_failed", "导出文件创建失败");
	static const char *const cols[] = {"受理编号", "登记时间", "渠道",     "类型",   "事项类别",
					   "标题",     "所在地",   "承办单位", "状态",   "预警",
					   "办理期限", "办结时间", "办理结果", "满意度"};
	static const double widths[] = {24, 17, 10, 11, 12, 40, 22, 24, 9, 7, 17, 17, 11, 9};
	header(&sh, cols, widths, 14);
	int rows = 0;
	s = svc_case_export(ctx->svc, &who, &req, MAX_EXPORT_ROWS, case_row, &sh, &rows, err);
	return finish_list(rq, rs, &sh, path, s, 13, "事项清单", err);
}

static void kpi_row_out(sheet *sh, const kpi_group *g)
{
	kpi_rates r;
	kpi_rates_of(&g->n, &r);
	put_str(sh, 0, g->name);
	worksheet_write_number(sh->ws, sh->row, 1, (double)g->n.intake, NULL);
	worksheet_write_number(sh->ws, sh->row, 2, (double)g->n.accepted, NULL);
	worksheet_write_number(sh->ws, sh->row, 3, (double)g->n.resolved, NULL);
	const struct {
		bool has;
		double v;
	} rates[] = {{r.has_completion, r.completion},     {r.has_mediation_success, r.mediation_success},
		     {r.has_satisfaction, r.satisfaction}, {r.has_township_or_below, r.township_or_below},
		     {r.has_on_time, r.on_time}};
	for (int i = 0; i < 5; i++)
		if (rates[i].has)
			worksheet_write_number(sh->ws, sh->row, (lxw_col_t)(4 + i), rates[i].v, sh->pct);
	if (r.has_avg_days)
		worksheet_write_number(sh->ws, sh->row, 9, r.avg_days, sh->num2);
	worksheet_write_number(sh->ws, sh->row, 10, (double)g->n.overdue, NULL);
	sh->row++;
}

fq_status api_stats_kpi_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	kpi_req req = {
		.org = http_query(rq, "org"),
		.from = http_query(rq, "from"),
		.to = http_query(rq, "to"),
		.group_by = http_query(rq, "group_by"),
	};
	kpi_result r;
	fq_status s = svc_stats_kpi(ctx->svc, rq->a, &who, &req, &r, err);
	if (s)
		return s;
	char path[4096];
	sheet sh;
	if ((s = open_book(ctx->svc->files_dir, path, sizeof path, &sh, "指标统计")))
		return fq_fail(err, s, "export_failed", "导出文件创建失败");
	static const char *const cols[] = {"分组",       "受理量",     "有效受理",     "办结",     "办结率",  "调处成功率",
					   "满意率",     "化解在基层率", "按时办结率", "平均办理天数", "超期未办结"};
	static const double widths[] = {24, 9, 9, 9, 9, 11, 9, 12, 11, 12, 11};
	/* A title row above the table says whose figures for which period. */
	worksheet_write_string(sh.ws, 0, 0, arena_printf(rq->a, "%s %s 至 %s", r.org_name, r.from, r.to), sh.head);
	for (int i = 0; i < 11; i++) {
		worksheet_write_string(sh.ws, 1, (lxw_col_t)i, cols[i], sh.head);
		worksheet_set_column(sh.ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
	}
	worksheet_freeze_panes(sh.ws, 2, 1);
	sh.row = 2;
	for (int i = 0; i < r.n; i++)
		kpi_row_out(&sh, &r.groups[i]);
	kpi_row_out(&sh, &r.total);
	if ((s = send_book(rq, rs, &sh, path, arena_printf(rq->a, "指标统计-%s-%s.xlsx", r.org_name, r.to))))
		return fq_fail(err, s, "export_failed", "导出文件生成失败");
	return FQ_OK;
}

static void notice_line_out(sheet *sh, const notice_line *l)
{
	put_str(sh, 0, l->name);
	worksheet_write_number(sh->ws, sh->row, 1, (double)l->overdue, NULL);
	worksheet_write_number(sh->ws, sh->row, 2, (double)l->returns, NULL);
	worksheet_write_number(sh->ws, sh->row, 3, (double)l->supervised, NULL);
	sh->row++;
}

/* The notice as a workbook: the summary by township and unit on the first
 * sheet, every case on the second. */
fq_status api_notices_overdue_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	notice nt;
	fq_status s = svc_notice_overdue(ctx->svc, rq->a, &who, http_query(rq, "county"), http_query(rq, "from"),
					 http_query(rq, "to"), &nt, err);
	if (s)
		return s;
	char path[4096];
	sheet sh;
	if ((s = open_book(ctx->svc->files_dir, path, sizeof path, &sh, "汇总")))
		return fq_fail(err, s, "export_failed", "导出文件创建失败");
	const char *title = arena_printf(rq->a, "%s矛盾纠纷超期及退单情况通报（%s 至 %s）", nt.county_name, nt.from, nt.to);
	worksheet_write_string(sh.ws, 0, 0, title ? title : "", sh.head);
	static const char *const cols[] = {"乡镇（街道）", "超期未办结", "退单次数", "被督办事项"};
	for (int i = 0; i < 4; i++) {
		worksheet_write_string(sh.ws, 2, (lxw_col_t)i, cols[i], sh.head);
		worksheet_set_column(sh.ws, (lxw_col_t)i, (lxw_col_t)i, i ? 12 : 30, NULL);
	}
	sh.row = 3;
	for (int i = 0; i < nt.n_townships; i++)
		notice_line_out(&sh, &nt.townships[i]);
	notice_line_out(&sh, &nt.total);
	sh.row++;
	static const char *const ucols[] = {"承办单位", "超期未办结", "", "被督办事项"};
	for (int i = 0; i < 4; i++)
		if (*ucols[i])
			worksheet_write_string(sh.ws, sh.row, (lxw_col_t)i, ucols[i], sh.head);
	sh.row++;
	for (int i = 0; i < nt.n_units; i++) {
		put_str(&sh, 0, nt.units[i].name);
		worksheet_write_number(sh.ws, sh.row, 1, (double)nt.units[i].overdue, NULL);
		worksheet_write_number(sh.ws, sh.row, 3, (double)nt.units[i].supervised, NULL);
		sh.row++;
	}
	lxw_worksheet *detail = workbook_add_worksheet(sh.wb, "事项明细");
	if (!detail) {
		workbook_close(sh.wb);
		unlink(path);
		return fq_fail(err, FQ_EIO, "export_failed", "导出文件创建失败");
	}
	sh.ws = detail;
	static const char *const dcols[] = {"受理编号", "标题", "所在地", "承办单位", "状态", "超期", "退单", "督办", "办理期限"};
	static const double dw[] = {24, 40, 22, 24, 9, 6, 6, 6, 17};
	header(&sh, dcols, dw, 9);
	for (int i = 0; i < nt.n_cases; i++) {
		const notice_case *c = &nt.cases[i];
		bool overdue = case_flow_overdue(&c->c);
		put_str(&sh, 0, c->c.tracking_no);
		put_str(&sh, 1, c->c.title);
		put_str(&sh, 2, nt.case_org_names[i]);
		put_str(&sh, 3, nt.case_unit_names[i]);
		put_str(&sh, 4, case_flow_status_label(c->c.status));
		put_str(&sh, 5, overdue ? "是" : "");
		worksheet_write_number(sh.ws, sh.row, 6, (double)c->returns, NULL);
		worksheet_write_number(sh.ws, sh.row, 7, (double)c->supervisions, NULL);
		put_time(&sh, 8, c->c.deadline);
		sh.row++;
	}
	if ((s = send_book(rq, rs, &sh, path, arena_printf(rq->a, "%s超期退单通报-%s.xlsx", nt.county_name, nt.to))))
		return fq_fail(err, s, "export_failed", "导出文件生成失败");
	return FQ_OK;
}

static int oplog_row(void *p, const oplog_rec *r)
{
	sheet *sh = p;
	char ts[32];
	/* To the second, as text: a log is read line by line, not summed. */
	put_str(sh, 0, clock_format(r->at, ts));
	put_str(sh, 1, r->username);
	if (r->user_id)
		worksheet_write_number(sh->ws, sh->row, 2, (double)r->user_id, NULL);
	put_str(sh, 3, r->ip);
	put_str(sh, 4, r->action);
	put_str(sh, 5, r->method);
	put_str(sh, 6, r->route);
	put_str(sh, 7, r->path);
	put_str(sh, 8, r->target);
	worksheet_write_number(sh->ws, sh->row, 9, (double)r->status, NULL);
	put_str(sh, 10, r->error_code);
	put_str(sh, 11, strcmp(r->result, "success") == 0 ? "成功" : "失败");
	sh->row++;
	return 0;
}

/* The operation log as the admin reads it, with the list's filters. */
fq_status api_oplog_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	oplog_query q;
	fq_status s = api_oplog_query(rq, &q, err);
	if (s)
		return s;
	char path[4096];
	sheet sh;
	if ((s = open_book(ctx->svc->files_dir, path, sizeof path, &sh, "操作日志")))
		return fq_fail(err, s, "export_failed", "导出文件创建失败");
	static const char *const cols[] = {"时间", "用户", "用户编号", "来源地址", "操作",   "方法",
					   "路由", "路径", "对象",     "状态码",   "错误码", "结果"};
	static const double widths[] = {26, 16, 9, 16, 40, 8, 36, 40, 20, 8, 20, 7};
	header(&sh, cols, widths, 12);
	int rows = 0;
	s = svc_oplog_export(ctx->svc, &who, &q, MAX_EXPORT_ROWS, oplog_row, &sh, &rows, err);
	return finish_list(rq, rs, &sh, path, s, 11, "操作日志", err);
}

/* The names in a mediation document's list (consents' parties, mediators). */
static const char *doc_names(arena *a, const char *data, const char *list, const char *key)
{
	cJSON *d = data ? cJSON_Parse(data) : NULL;
	const cJSON *x;
	const char *out = "";
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(d, list))
	{
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(x, key);
		if (cJSON_IsString(v) && out)
			out = arena_printf(a, "%s%s%s", out, *out ? "、" : "", v->valuestring);
	}
	cJSON_Delete(d);
	return out;
}

/* 人民调解案件台账: every mediation of the reader's scope that the list's
 * filters select, one row each, oldest first within the export's pages. */
fq_status api_mediations_export(void *ctxp, http_req *rq, http_resp *rs, fq_error *err)
{
	api_ctx *ctx = ctxp;
	actor who = api_actor(rq);
	int64_t unit_id = 0;
	fq_status s = api_query_int(rq, "unit_id", 1, INT64_MAX / 2, &unit_id, err);
	if (s)
		return s;
	mediation_list_req q = {.status = http_query(rq, "status"), .source = http_query(rq, "source"),
				.from = http_query(rq, "from"), .to = http_query(rq, "to"), .unit_id = unit_id,
				.limit = 100};
	if (q.status && !*q.status)
		q.status = NULL;
	if (q.source && !*q.source)
		q.source = NULL;
	mediation_page pg;
	/* the first page answers bad filters before a workbook exists */
	if ((s = svc_mediation_list(ctx->svc, rq->a, &who, &q, &pg, err)))
		return s;
	char path[4096];
	sheet sh;
	if ((s = open_book(ctx->svc->files_dir, path, sizeof path, &sh, "人民调解案件台账")))
		return fq_fail(err, s, "export_failed", "导出文件创建失败");
	static const char *const cols[] = {"序号",     "登记时间", "事项编号", "调解组织", "纠纷类别", "来源",
					   "当事人",   "调解员",   "受理时间", "状态",     "协议编号", "协议形式",
					   "协议生效", "结案时间", "履行与司法确认"};
	static const double widths[] = {7, 17, 10, 30, 14, 10, 22, 18, 17, 10, 26, 9, 17, 17, 14};
	header(&sh, cols, widths, 15);
	long n = 0;
	for (;;) {
		for (int i = 0; i < pg.n && n < MAX_EXPORT_ROWS; i++) {
			const mediation_row *m = &pg.items[i];
			const category_seed *cat = m->category ? categories_find(m->category) : NULL;
			worksheet_write_number(sh.ws, sh.row, 0, (double)++n, NULL);
			put_time(&sh, 1, m->created_at);
			worksheet_write_number(sh.ws, sh.row, 2, (double)m->case_id, NULL);
			put_str(&sh, 3, m->unit_name);
			put_str(&sh, 4, cat ? cat->name : m->category);
			put_str(&sh, 5, m->court_unit_id ? "法院委派委托" : m->source);
			put_str(&sh, 6, doc_names(rq->a, m->data, "consents", "party"));
			put_str(&sh, 7, doc_names(rq->a, m->data, "mediators", "name"));
			put_time(&sh, 8, m->accepted_at);
			put_str(&sh, 9, med_flow_status_label(med_flow_status_parse(m->status)));
			put_str(&sh, 10, m->agreement_no);
			put_str(&sh, 11, !m->agreement_form ? NULL : strcmp(m->agreement_form, "written") == 0 ? "书面" : "口头");
			put_time(&sh, 12, m->effective_at);
			put_time(&sh, 13, m->ended_at);
			put_str(&sh, 14, !m->result ? NULL : strcmp(m->result, "performed") == 0 ? "已履行"
							  : strcmp(m->result, "confirmed") == 0 ? "已司法确认"
							  : strcmp(m->result, "agreed") == 0 ? "待履行" : NULL);
			sh.row++;
		}
		if (!pg.next || n >= MAX_EXPORT_ROWS)
			break;
		q.cursor = pg.next;
		fq_error e = {0};
		if ((s = svc_mediation_list(ctx->svc, rq->a, &who, &q, &pg, &e)))
			break;
	}
	if (s) {
		workbook_close(sh.wb);
		unlink(path);
		return fq_fail(err, s, "export_failed", "导出文件生成失败");
	}
	if ((s = send_book(rq, rs, &sh, path, "人民调解案件台账.xlsx")))
		return fq_fail(err, s, "export_failed", "导出文件生成失败");
	return FQ_OK;
}
