/* xlsx.c - the first worksheet of an .xlsx, row by row. */
#include "cli/xlsx.h"

#include <expat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

struct xlsx_reader {
	unzFile zip;
	char **strings; /* the shared strings */
	long n_strings, cap_strings;
	/* The parse in progress. */
	XML_Parser p;
	bool in_v, in_t, in_si, in_is, done, bad;
	char type[16];      /* the cell's t attribute */
	int col;            /* the cell's column, 0-based */
	char text[XLSX_MAX_CELL];
	size_t text_len;
	/* Rows parsed and not yet handed out: a small queue. */
	char *cells[XLSX_MAX_FIELDS];
	int n_cells;
	long row_no;
	/* Rows parsed and not handed out yet: one chunk of XML may close
	 * many. */
	struct row {
		char **cells;
		int n;
		long no;
	} *queue;
	int q_head, q_len, q_cap;
	struct row last; /* handed out, freed at the next call */
};

static void add_text(struct xlsx_reader *x, const char *s, int len)
{
	size_t n = (size_t)len;
	if (x->text_len + n >= sizeof x->text)
		n = sizeof x->text - 1 - x->text_len;
	memcpy(x->text + x->text_len, s, n);
	x->text_len += n;
	x->text[x->text_len] = 0;
}

/* ---- shared strings ---- */

static void XMLCALL ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *x = ud;
	(void)atts;
	if (strcmp(name, "si") == 0) {
		x->in_si = true;
		x->text_len = 0;
		x->text[0] = 0;
	} else if (strcmp(name, "t") == 0 && x->in_si)
		x->in_t = true;
}

static void XMLCALL ss_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *x = ud;
	if (strcmp(name, "t") == 0)
		x->in_t = false;
	else if (strcmp(name, "si") == 0) {
		x->in_si = false;
		if (x->n_strings == x->cap_strings) {
			long cap = x->cap_strings ? x->cap_strings * 2 : 1024;
			char **v = realloc(x->strings, sizeof *v * (size_t)cap);
			if (!v) {
				x->bad = true;
				return;
			}
			x->strings = v;
			x->cap_strings = cap;
		}
		if (!(x->strings[x->n_strings++] = strdup(x->text)))
			x->bad = true;
	}
}

static void XMLCALL ss_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *x = ud;
	if (x->in_t)
		add_text(x, s, len);
}

/* Parses the current zip entry with p until its end (sheet: until a row
 * is ready). */
static int feed(struct xlsx_reader *x, bool until_row)
{
	char buf[16384];
	while (!x->done && !x->bad && (!until_row || x->q_head == x->q_len)) {
		int n = unzReadCurrentFile(x->zip, buf, sizeof buf);
		if (n < 0)
			return -1;
		if (XML_Parse(x->p, buf, n, n == 0) != XML_STATUS_OK)
			return -1;
		if (n == 0)
			x->done = true;
	}
	return x->bad ? -1 : 0;
}

static int open_entry(struct xlsx_reader *x, const char *name)
{
	if (unzLocateFile(x->zip, name, 0) != UNZ_OK || unzOpenCurrentFile(x->zip) != UNZ_OK)
		return -1;
	x->done = false;
	return 0;
}

/* ---- the sheet ---- */

static const char *att(const XML_Char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

/* "BC12" -> 54 (0-based column). */
static int column_of(const char *ref)
{
	int c = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		c = c * 26 + (*ref - 'A' + 1);
	return c - 1;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *x = ud;
	if (strcmp(name, "row") == 0) {
		const char *r = att(atts, "r");
		x->row_no = r ? strtol(r, NULL, 10) : x->row_no + 1;
		x->n_cells = 0;
	} else if (strcmp(name, "c") == 0) {
		const char *r = att(atts, "r"), *t = att(atts, "t");
		x->col = r ? column_of(r) : x->n_cells;
		snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
		x->text_len = 0;
		x->text[0] = 0;
	} else if (strcmp(name, "v") == 0)
		x->in_v = true;
	else if (strcmp(name, "is") == 0)
		x->in_is = true;
	else if (strcmp(name, "t") == 0 && x->in_is)
		x->in_t = true;
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *x = ud;
	if (strcmp(name, "v") == 0)
		x->in_v = false;
	else if (strcmp(name, "t") == 0)
		x->in_t = false;
	else if (strcmp(name, "is") == 0)
		x->in_is = false;
	else if (strcmp(name, "c") == 0) {
		if (x->col < 0 || x->col >= XLSX_MAX_FIELDS)
			return;
		const char *v = x->text;
		if (strcmp(x->type, "s") == 0) {
			long i = strtol(x->text, NULL, 10);
			v = i >= 0 && i < x->n_strings ? x->strings[i] : "";
		}
		while (x->n_cells < x->col)
			if (!(x->cells[x->n_cells++] = strdup("")))
				x->bad = true;
		if (x->n_cells == x->col && !(x->cells[x->n_cells++] = strdup(v)))
			x->bad = true;
	} else if (strcmp(name, "row") == 0) {
		if (x->q_head > 0 && x->q_head == x->q_len)
			x->q_head = x->q_len = 0;
		if (x->q_len == x->q_cap) {
			int cap = x->q_cap ? x->q_cap * 2 : 256;
			struct row *q = realloc(x->queue, sizeof *q * (size_t)cap);
			if (!q) {
				x->bad = true;
				return;
			}
			x->queue = q;
			x->q_cap = cap;
		}
		char **cells = malloc(sizeof *cells * (size_t)(x->n_cells ? x->n_cells : 1));
		if (!cells) {
			x->bad = true;
			return;
		}
		memcpy(cells, x->cells, sizeof *cells * (size_t)x->n_cells);
		x->queue[x->q_len++] = (struct row){cells, x->n_cells, x->row_no};
		x->n_cells = 0;
	}
}

static void XMLCALL sh_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *x = ud;
	if (x->in_v || x->in_t)
		add_text(x, s, len);
}

xlsx_reader *xlsx_open(const char *path, const char **why)
{
	struct xlsx_reader *x = calloc(1, sizeof *x);
	*why = "无法读取文件";
	if (!x || !(x->zip = unzOpen(path))) {
		free(x);
		return NULL;
	}
	*why = "不是 xlsx 文件（缺少 xl/worksheets/sheet1.xml）";
	/* Shared strings are optional (a sheet of inline strings). */
	if (open_entry(x, "xl/sharedStrings.xml") == 0) {
		x->p = XML_ParserCreate("UTF-8");
		if (!x->p)
			goto fail;
		XML_SetUserData(x->p, x);
		XML_SetElementHandler(x->p, ss_start, ss_end);
		XML_SetCharacterDataHandler(x->p, ss_chars);
		int rc = feed(x, false);
		unzCloseCurrentFile(x->zip);
		XML_ParserFree(x->p);
		x->p = NULL;
		if (rc) {
			*why = "xlsx 的共享字符串表损坏";
			goto fail;
		}
	}
	if (open_entry(x, "xl/worksheets/sheet1.xml") != 0)
		goto fail;
	if (!(x->p = XML_ParserCreate("UTF-8")))
		goto fail;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(x->p, sh_chars);
	return x;
fail:
	xlsx_close(x);
	return NULL;
}

static void free_row(char **cells, int n)
{
	for (int i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

int xlsx_next(xlsx_reader *x, char ***fields, int *n, long *row_no)
{
	if (x->last.cells) {
		free_row(x->last.cells, x->last.n);
		x->last.cells = NULL;
	}
	if (x->q_head == x->q_len && feed(x, true) != 0)
		return -1;
	if (x->q_head == x->q_len)
		return 0;
	x->last = x->queue[x->q_head++];
	*fields = x->last.cells;
	*n = x->last.n;
	*row_no = x->last.no;
	return 1;
}

void xlsx_close(xlsx_reader *x)
{
	if (!x)
		return;
	if (x->last.cells)
		free_row(x->last.cells, x->last.n);
	for (int i = x->q_head; i < x->q_len; i++)
		free_row(x->queue[i].cells, x->queue[i].n);
	free(x->queue);
	for (int i = 0; i < x->n_cells; i++)
		free(x->cells[i]);
	if (x->p)
		XML_ParserFree(x->p);
	if (x->zip) {
		unzCloseCurrentFile(x->zip);
		unzClose(x->zip);
	}
	for (long i = 0; i < x->n_strings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x);
}
