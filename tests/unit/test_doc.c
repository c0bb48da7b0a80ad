/* test_doc.c - render/doc and render/qr: a form rendered to memory is a PDF
 * whose text pdftotext reads back, long text continues on a second page,
 * a table that does not fit its columns is refused, and QR codes come out
 * as SVG and PNG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo.h>

#include "render/doc.h"
#include "render/qr.h"
#include "util/mem.h"
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

static void form_with_text(void **state)
{
	arena *a = *state;
	doc *d = doc_begin(a, "人民调解申请书", 0);
	assert_non_null(d);
	doc_text(d, "人民调解申请书", DOC_TITLE);
	doc_text(d, "（2026）长人调字第17号", DOC_SUBTITLE);
	const doc_cell r1[] = {{"申请人", 1, 2, true}, {"姓名", 1, 0, true}, {"张三", 1, 0, false},
			       {"性别", 1, 0, true}, {"男", 1, 0, false},     {"年龄", 1, 0, true},
			       {"45", 1, 0, false},  {"民族", 1, 0, true},    {"汉族", 1, 0, false}};
	const doc_cell r2[] = {{"住址", 1, 0, true}, {"石家庄市长安区建设北大街18号", 5, 0, false},
			       {"电话", 1, 0, true}, {"138****5678", 1, 0, false}};
	const doc_row rows[] = {{r1, 9, 0}, {r2, 4, 0}};
	const double w[] = {1.2, 1, 1.4, 1, 0.8, 1, 0.8, 1, 2};
	doc_table(d, w, 9, rows, 2);
	doc_text(d, "申请事项", DOC_HEADING);
	doc_text(d, "请求调解委员会就邻里通道纠纷组织调解，恢复通行。", DOC_INDENT);
	doc_signatures(d, (const doc_sign[]){{"申请人（签名）", NULL, NULL}, {"调解员（签名）", "李调解", "2026年3月1日"}}, 2);
	doc_seal(d, "长安区建北街道人民调解委员会", "2026年3月1日");
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(doc_finish(d, &pdf, &len), FQ_OK);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF", 4);
	char *text = pdf_text(a, pdf, len);
	assert_non_null(text);
	const char *want[] = {"人民调解申请书", "（2026）长人调字第17号", "申请人", "姓名", "张三", "民族", "汉族",
			      "住址", "138****5678", "申请事项", "恢复通行", "调解员（签名）", "李调解",
			      "长安区建北街道人民调解委员会（盖章）", "2026年3月1日", "第1页"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(text, want[i]))
			fail_msg("pdftotext lacks \"%s\" in:\n%s", want[i], text);
}

static void long_text_breaks_pages(void **state)
{
	arena *a = *state;
	doc *d = doc_begin(a, "调解记录", 0);
	doc_text(d, "调解记录", DOC_TITLE);
	for (int i = 0; i < 60; i++) {
		char *p = arena_printf(a, "第%d段：双方就院墙的位置和排水沟的走向各自陈述了意见，调解员逐一核对了现场照片与村委会保存的宅基地档案。", i + 1);
		doc_text(d, p, DOC_INDENT);
	}
	doc_text(d, "最后一段在末页。", 0);
	assert_true(doc_pages(d) >= 3);
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(doc_finish(d, &pdf, &len), FQ_OK);
	char *text = pdf_text(a, pdf, len);
	assert_non_null(text);
	assert_non_null(strstr(text, "第1段"));
	assert_non_null(strstr(text, "第60段"));
	assert_non_null(strstr(text, "最后一段在末页。"));
	assert_non_null(strstr(text, "第3页"));
	/* Pages are separated by form feeds: the last paragraph is not on page 1. */
	char *ff = strchr(text, '\f');
	assert_non_null(ff);
	assert_true(strstr(text, "最后一段在末页。") > ff);
}

static void table_overflow_refused(void **state)
{
	arena *a = *state;
	doc *d = doc_begin(a, "x", 0);
	const doc_cell r[] = {{"a", 2, 0, true}, {"b", 2, 0, false}};
	const doc_row rows[] = {{r, 2, 0}};
	doc_table(d, (const double[]){1, 1, 1}, 3, rows, 1);
	doc_text(d, "after", 0); /* ignored once failed */
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(doc_finish(d, &pdf, &len), FQ_EINVAL);
	assert_null(pdf);
}

static void size_cap(void **state)
{
	arena *a = *state;
	doc *d = doc_begin(a, "x", 2048);
	for (int i = 0; i < 200; i++)
		doc_text(d, "超过上限的文字会让文档失败而不是无限增长。", 0);
	const unsigned char *pdf;
	size_t len;
	fq_status st = doc_finish(d, &pdf, &len);
	assert_int_equal(st, FQ_ETOOLARGE);
}

typedef struct png_in {
	const unsigned char *p;
	size_t len, off;
} png_in;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int n)
{
	png_in *in = closure;
	if (in->off + n > in->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, in->p + in->off, n);
	in->off += n;
	return CAIRO_STATUS_SUCCESS;
}

/* The PNG read back: each module's centre pixel is dark exactly where the
 * matrix says, inside a white quiet zone of four modules. */
static void png_matches(const qr_code *q, const unsigned char *png, size_t len, int scale)
{
	png_in in = {png, len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &in);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	int side = (q->width + 8) * scale;
	assert_int_equal(cairo_image_surface_get_width(s), side);
	cairo_surface_flush(s);
	const unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int r = -4; r < q->width + 4; r++)
		for (int c = -4; c < q->width + 4; c++) {
			int y = (r + 4) * scale + scale / 2, x = (c + 4) * scale + scale / 2;
			uint32_t v = *(const uint32_t *)(px + y * stride + x * 4) & 0xffffff;
			bool dark = r >= 0 && c >= 0 && r < q->width && c < q->width && q->dark[r * q->width + c];
			if (dark != (v == 0))
				fail_msg("module (%d,%d) is %06x", r, c, v);
		}
	cairo_surface_destroy(s);
}

static void qr_pictures(void **state)
{
	arena *a = *state;
	qr_code q;
	assert_int_equal(qr_encode(a, "https://example.org/m/?t=g.130102001001001.abc", &q), FQ_OK);
	assert_true(q.width >= 21 && (q.width - 17) % 4 == 0);
	/* The finder pattern's corner modules are dark, its separator light. */
	assert_int_equal(q.dark[0], 1);
	assert_int_equal(q.dark[7], 0);
	char *svg = qr_svg(a, &q, 4);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "<svg"));
	assert_non_null(strstr(svg, "M4 4h7v1h-7z")); /* the top finder row */
	const unsigned char *png;
	size_t len;
	assert_int_equal(qr_png(a, &q, 4, &png, &len), FQ_OK);
	assert_memory_equal(png, "\x89PNG", 4);
	png_matches(&q, png, len, 4);
	char big[8000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(qr_encode(a, big, &q), FQ_EINVAL);
	doc *d = doc_begin(a, "qr", 0);
	assert_int_equal(qr_encode(a, "平安码", &q), FQ_OK);
	doc_modules(d, q.dark, q.width, 50);
	const unsigned char *pdf;
	assert_int_equal(doc_finish(d, &pdf, &len), FQ_OK);
}

/* Out of memory while the PDF is written and handed over: a clean
 * FQ_ENOMEM at every step, nothing leaked (the sanitizer build checks),
 * until the allocations suffice. */
static void out_of_memory(void **state)
{
	(void)state;
	fq_status st = FQ_ENOMEM;
	int n;
	for (n = 0; n < 100 && st; n++) {
		arena *a = arena_create(16u << 20);
		assert_non_null(a);
		doc *d = doc_begin(a, "x", 0);
		assert_non_null(d);
		for (int i = 0; i < 40; i++)
			doc_textf(d, DOC_INDENT, "第%d行：内存不足时文档干净地失败。", i);
		mem_fail_after(n);
		const unsigned char *pdf;
		size_t len;
		st = doc_finish(d, &pdf, &len);
		bool reached = mem_fail_after(-1) == -1;
		if (st) {
			assert_int_equal(st, FQ_ENOMEM);
			assert_true(reached);
			assert_null(pdf);
		}
		arena_destroy(a);
	}
	assert_int_equal(st, FQ_OK);
	assert_true(n > 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(form_with_text, setup, teardown),
		cmocka_unit_test_setup_teardown(long_text_breaks_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(table_overflow_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(size_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(qr_pictures, setup, teardown),
		cmocka_unit_test(out_of_memory),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_shutdown();
	return rc;
}
