/* xlsx_read.c - the first sheet of an .xlsx workbook as CSV text, for
 * `fengqiao roster import` (a roster kept in a spreadsheet): the zip's
 * central directory, inflate (zlib), the shared strings and the sheet's
 * cells placed by their column letters. Formulas give their cached value;
 * dates stay serial numbers. */
#include "cli/xlsx_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define MAX_PART (256u << 20)

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The named part, inflated (malloc'd, NUL-terminated), or NULL. */
static char *part(const unsigned char *z, size_t n, const char *name, size_t *len)
{
	if (n < 22)
		return NULL;
	size_t e = n - 22;
	while (e > 0 && le32(z + e) != 0x06054b50u)
		e--;
	if (le32(z + e) != 0x06054b50u)
		return NULL;
	size_t count = le16(z + e + 10), p = le32(z + e + 16);
	for (size_t i = 0; i < count && p + 46 <= n && le32(z + p) == 0x02014b50u; i++) {
		unsigned method = le16(z + p + 10);
		size_t csize = le32(z + p + 20), usize = le32(z + p + 24), nl = le16(z + p + 28),
		       xl = le16(z + p + 30), cl = le16(z + p + 32), local = le32(z + p + 42);
		if (p + 46 + nl > n)
			return NULL;
		bool hit = nl == strlen(name) && memcmp(z + p + 46, name, nl) == 0;
		p += 46 + nl + xl + cl;
		if (!hit)
			continue;
		if (local + 30 > n || le32(z + local) != 0x04034b50u || usize > MAX_PART)
			return NULL;
		size_t data = local + 30 + le16(z + local + 26) + le16(z + local + 28);
		if (data + csize > n)
			return NULL;
		char *out = malloc(usize + 1);
		if (!out)
			return NULL;
		if (method == 0 && csize == usize) {
			memcpy(out, z + data, usize);
		} else if (method == 8) {
			z_stream s = {.next_in = (Bytef *)(z + data), .avail_in = (uInt)csize, .next_out = (Bytef *)out,
				      .avail_out = (uInt)usize};
			int rc = inflateInit2(&s, -MAX_WBITS);
			if (rc == Z_OK)
				rc = inflate(&s, Z_FINISH);
			inflateEnd(&s);
			if (rc != Z_STREAM_END || s.total_out != usize) {
				free(out);
				return NULL;
			}
		} else {
			free(out);
			return NULL;
		}
		out[usize] = 0;
		*len = usize;
		return out;
	}
	return NULL;
}

typedef struct buf {
	char *p;
	size_t n, cap;
	bool bad;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->bad)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->bad = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

/* XML text from s to end, entities decoded, into b. */
static void text(buf *b, const char *s, const char *end)
{
	while (s < end) {
		if (*s != '&') {
			const char *amp = memchr(s, '&', (size_t)(end - s));
			size_t k = amp ? (size_t)(amp - s) : (size_t)(end - s);
			put(b, s, k);
			s += k;
			continue;
		}
		static const struct {
			const char *ent, *ch;
		} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
		bool done = false;
		for (size_t i = 0; !done && i < sizeof ents / sizeof ents[0]; i++) {
			size_t l = strlen(ents[i].ent);
			if ((size_t)(end - s) >= l && memcmp(s, ents[i].ent, l) == 0) {
				put(b, ents[i].ch, 1);
				s += l;
				done = true;
			}
		}
		if (!done && end - s > 3 && s[1] == '#') {
			char *stop;
			unsigned long cp = s[2] == 'x' ? strtoul(s + 3, &stop, 16) : strtoul(s + 2, &stop, 10);
			if (stop < end && *stop == ';' && cp > 0 && cp < 0x110000) {
				char u[4];
				size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
				if (k == 1)
					u[0] = (char)cp;
				else {
					for (size_t i = k - 1; i > 0; i--, cp >>= 6)
						u[i] = (char)(0x80 | (cp & 0x3f));
					u[0] = (char)((k == 2 ? 0xC0 : k == 3 ? 0xE0 : 0xF0) | cp);
				}
				put(b, u, k);
				s = stop + 1;
				done = true;
			}
		}
		if (!done) {
			put(b, s, 1);
			s++;
		}
	}
}

/* The text of every <t> in [s, end) (a rich string has several). */
static void texts(buf *b, const char *s, const char *end)
{
	while (s < end && (s = strstr(s, "<t")) && s < end) {
		if (s[2] != '>' && s[2] != ' ') {
			s += 2;
			continue;
		}
		const char *open = strchr(s, '>');
		if (!open || open >= end)
			return;
		if (open[-1] == '/') { /* <t/> */
			s = open + 1;
			continue;
		}
		const char *close = strstr(open, "</t>");
		if (!close || close > end)
			return;
		text(b, open + 1, close);
		s = close + 4;
	}
}

static void csv_field(buf *out, const char *s, size_t n)
{
	bool quote = memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) || memchr(s, '\r', n);
	if (!quote) {
		put(out, s, n);
		return;
	}
	put(out, "\"", 1);
	for (size_t i = 0; i < n; i++)
		put(out, s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
	put(out, "\"", 1);
}

char *xlsx_first_sheet_csv(const unsigned char *z, size_t n, size_t *out_len)
{
	size_t sl = 0, wl = 0;
	char *ss = part(z, n, "xl/sharedStrings.xml", &sl);
	char *ws = part(z, n, "xl/worksheets/sheet1.xml", &wl);
	buf out = {0};
	/* the shared strings, as offsets into one buffer */
	buf strs = {0};
	size_t *at = NULL, n_at = 0, cap_at = 0;
	for (const char *s = ss; s && (s = strstr(s, "<si")) != NULL;) {
		const char *end = strstr(s, "</si>");
		if (!end)
			break;
		if (n_at == cap_at) {
			size_t *v = realloc(at, (cap_at = cap_at ? cap_at * 2 : 256) * sizeof *at);
			if (!v)
				goto fail;
			at = v;
		}
		at[n_at++] = strs.n;
		texts(&strs, s, end);
		put(&strs, "", 0);
		if (strs.bad)
			goto fail;
		strs.n++; /* keep the NUL between strings */
		if (strs.n >= strs.cap)
			put(&strs, "", 0);
		s = end + 5;
	}
	if (!ws)
		goto fail;
	for (const char *r = ws; (r = strstr(r, "<row")) != NULL;) {
		const char *rend = strstr(r, "</row>");
		const char *selfclose = strstr(r, "/>");
		const char *gt = strchr(r, '>');
		if (gt && selfclose && selfclose + 1 == gt) { /* <row .../>: empty */
			r = gt + 1;
			continue;
		}
		if (!rend)
			break;
		int col = 0;
		for (const char *c = r; (c = strstr(c, "<c")) != NULL && c < rend;) {
			if (c[2] != ' ' && c[2] != '>') {
				c += 2;
				continue;
			}
			const char *ctag = strchr(c, '>');
			if (!ctag || ctag > rend)
				break;
			/* the column of r="B7" */
			int want = col;
			const char *ra = strstr(c, " r=\"");
			if (ra && ra < ctag) {
				int v = 0;
				for (ra += 4; *ra >= 'A' && *ra <= 'Z'; ra++)
					v = v * 26 + (*ra - 'A' + 1);
				if (v > 0 && v <= 16384)
					want = v - 1;
			}
			const char *ta = strstr(c, " t=\"");
			bool shared = ta && ta < ctag && strncmp(ta + 4, "s\"", 2) == 0;
			bool inl = ta && ta < ctag && strncmp(ta + 4, "inlineStr\"", 10) == 0;
			const char *cend = ctag[-1] == '/' ? ctag + 1 : strstr(ctag, "</c>");
			if (!cend || cend > rend)
				break;
			if (want < col) { /* out of order: not a sheet Excel writes */
				c = cend;
				continue;
			}
			for (; col < want; col++)
				if (col > 0)
					put(&out, ",", 1);
			if (want > 0)
				put(&out, ",", 1);
			buf cell = {0};
			if (inl) {
				texts(&cell, ctag, cend);
			} else {
				const char *v = strstr(ctag, "<v>");
				const char *ve = v ? strstr(v, "</v>") : NULL;
				if (v && ve && ve < cend) {
					if (shared) {
						unsigned long k = strtoul(v + 3, NULL, 10);
						if (k < n_at)
							put(&cell, strs.p + at[k], strlen(strs.p + at[k]));
					} else {
						text(&cell, v + 3, ve);
					}
				}
			}
			if (cell.bad) {
				free(cell.p);
				goto fail;
			}
			if (cell.n)
				csv_field(&out, cell.p, cell.n);
			free(cell.p);
			col = want + 1;
			c = cend;
		}
		put(&out, "\n", 1);
		r = rend + 6;
	}
	if (out.bad)
		goto fail;
	free(ss);
	free(ws);
	free(strs.p);
	free(at);
	if (!out.p)
		put(&out, "", 0);
	*out_len = out.n;
	return out.p;
fail:
	free(ss);
	free(ws);
	free(strs.p);
	free(at);
	free(out.p);
	return NULL;
}
