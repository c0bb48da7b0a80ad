/* attachments.c - content-addressed files under s->files_dir/ab/abcd...,
 * and the receipts that let their uploader attach them. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/authz.h"
#include "service/attachments.h"
#include "service/validate.h"
#include "store/patrols.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"

const char *attachment_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

static int mkdir_p(const char *path)
{
	char buf[1024];
	size_t n = strlen(path);
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++)
		if (buf[i] == '/' || buf[i] == 0) {
			char c = buf[i];
			buf[i] = 0;
			if (mkdir(buf, 0700) != 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Writes the bytes to dir/name through a temporary file, durably. */
static fq_status write_file(arena *a, const char *dir, const char *name, const void *data, size_t n)
{
	const char *final = arena_printf(a, "%s/%s", dir, name);
	const char *tmp = arena_printf(a, "%s/.%s.%d.tmp", dir, name, (int)getpid());
	if (!final || !tmp)
		return FQ_ENOMEM;
	struct stat st;
	if (stat(final, &st) == 0 && (size_t)st.st_size == n)
		return FQ_OK; /* the same content is already there */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return FQ_EIO;
	const char *p = data;
	size_t left = n;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(tmp);
			return FQ_EIO;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, final) != 0 || fsync_dir(dir) != 0) {
		unlink(tmp);
		return FQ_EIO;
	}
	return FQ_OK;
}

/* Whom a receipt belongs to: the staff user's id, 0 for the public. */
static int64_t uploader_of(const actor *who)
{
	return who && who->who ? who->who->id : 0;
}

/* The receipt a client holds is 32 random bytes in URL-safe base64 (43
 * characters); the database keeps only its SHA-256. */
#define RECEIPT_BYTES 32
#define RECEIPT_CHARS 43

static const char *receipt_hash(arena *a, const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	char *hex = arena_alloc(a, 65);
	if (hex)
		sodium_bin2hex(hex, 65, h, sizeof h);
	return hex;
}

static bool receipt_well_formed(const char *t)
{
	size_t i = 0;
	for (; t[i]; i++) {
		char c = t[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '_'))
			return false;
	}
	return i == RECEIPT_CHARS;
}

fq_status svc_attachment_prepare(const char *files_dir, fq_error *err)
{
	struct stat st;
	if (mkdir_p(files_dir) != 0 || stat(files_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		log_error("attachments: cannot create %s: %s", files_dir, strerror(errno));
		return fq_fail(err, FQ_EIO, "storage_failed", "无法创建附件目录");
	}
	/* A folder made by an earlier version (0750/0755): only when it is
	 * ours, so that a shared mount point is never changed behind its
	 * owner's back. */
	if ((st.st_mode & 077) && st.st_uid == geteuid()) {
		if (chmod(files_dir, 0700) != 0)
			log_warn("attachments: cannot narrow %s to 0700: %s", files_dir, strerror(errno));
		else
			log_info("attachments: narrowed %s from %03o to 0700", files_dir, (unsigned)(st.st_mode & 0777));
	}
	return FQ_OK;
}

fq_status svc_attachment_copy(arena *a, const char *from_dir, const char *to_dir, const char *sha256)
{
	if (strlen(sha256) != 64)
		return FQ_EIO;
	char sub[3] = {sha256[0], sha256[1], 0};
	const char *src = arena_printf(a, "%s/%s/%s", from_dir, sub, sha256);
	const char *dir = arena_printf(a, "%s/%s", to_dir, sub);
	if (!src || !dir)
		return FQ_ENOMEM;
	int fd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		log_error("attachments: cannot read %s: %s", src, strerror(errno));
		return FQ_EIO;
	}
	char *buf = arena_alloc(a, (size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!buf)
		return FQ_ENOMEM;
	if (got != (size_t)st.st_size || mkdir_p(dir) != 0)
		return FQ_EIO;
	return write_file(a, dir, sha256, buf, got);
}

fq_status svc_attachment_attach(store_tx *tx, arena *a, const actor *who, int64_t case_id,
				const char *const *receipts, int n, int64_t now, attachment_rec *out, fq_error *err)
{
	if (n <= 0)
		return FQ_OK;
	/* The shape of a reference is no secret: one that is neither a receipt
	 * nor a wave-1 file id is a plain input error. */
	for (int i = 0; i < n; i++)
		if (!receipts[i] || (!receipt_well_formed(receipts[i]) && !validate_sha256(receipts[i])))
			return fq_fail(err, FQ_EINVAL, "invalid_attachment", "附件编号不正确，请先上传附件");
	int have = 0;
	fq_status st = store_case_attachment_count(tx, case_id, &have);
	if (st)
		return st;
	if (have + n > ATTACHMENT_MAX_PER_CASE)
		return fq_fail(err, FQ_EUNPROC, "too_many_attachments",
			       arena_printf(a, "每个事项最多 %d 个附件", ATTACHMENT_MAX_PER_CASE));
	for (int i = 0; i < n; i++) {
		st = FQ_ENOTFOUND;
		if (receipt_well_formed(receipts[i])) {
			const char *h = receipt_hash(a, receipts[i]);
			if (!h)
				return FQ_ENOMEM;
			st = store_upload_receipt_redeem(tx, a, h, uploader_of(who), now - ATTACHMENT_RECEIPT_TTL,
							 case_id, now, &out[i]);
		}
		if (st == FQ_ENOTFOUND)
			return fq_fail(err, FQ_EUNPROC, "unknown_attachment", "附件不存在或已失效，请重新上传");
		if (st || (st = store_case_attachment_add(tx, case_id, out[i].sha256, NULL, now)))
			return st;
	}
	return FQ_OK;
}

fq_status svc_attachment_take(store_tx *tx, arena *a, const actor *who, const char *const *receipts, int n,
			      int64_t now, const char **sha256, fq_error *err)
{
	for (int i = 0; i < n; i++)
		if (!receipts[i] || !receipt_well_formed(receipts[i]))
			return fq_fail(err, FQ_EINVAL, "invalid_attachment", "附件编号不正确，请先上传附件");
	for (int i = 0; i < n; i++) {
		const char *h = receipt_hash(a, receipts[i]);
		if (!h)
			return FQ_ENOMEM;
		fq_status st = store_upload_receipt_take(tx, a, h, uploader_of(who), now - ATTACHMENT_RECEIPT_TTL,
							 &sha256[i]);
		if (st == FQ_ENOTFOUND)
			return fq_fail(err, FQ_EUNPROC, "unknown_attachment", "附件不存在或已失效，请重新上传");
		if (st)
			return st;
	}
	return FQ_OK;
}

fq_status svc_attachment_open_file(svc *s, arena *a, const char *sha256, int *fd, int64_t *size, fq_error *err)
{
	const char *path = validate_sha256(sha256) ? arena_printf(a, "%s/%c%c/%s", s->files_dir, sha256[0], sha256[1], sha256)
						    : NULL;
	if (!path)
		return fq_fail(err, FQ_EIO, "storage_failed", "附件文件丢失");
	struct stat sb;
	*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0 || fstat(*fd, &sb) != 0) {
		if (*fd >= 0)
			close(*fd);
		log_error("attachments: %s is recorded but missing", path);
		return fq_fail(err, FQ_EIO, "storage_failed", "附件文件丢失");
	}
	*size = (int64_t)sb.st_size;
	return FQ_OK;
}

fq_status svc_attachment_put(svc *s, arena *a, const actor *who, const void *data, size_t n, const char **sha256,
			     const char **type, const char **receipt, fq_error *err)
{
	if (n == 0)
		return fq_fail(err, FQ_EINVAL, "empty_file", "上传的文件是空的");
	if (n > ATTACHMENT_MAX_BYTES)
		return fq_fail(err, FQ_ETOOLARGE, "file_too_large", "附件不能超过 10 MB");
	const char *t = attachment_sniff(data, n);
	if (!t)
		return fq_fail(err, FQ_EMEDIA, "unsupported_file_type", "只能上传图片（JPEG、PNG、GIF、WebP）或 PDF 文件");
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	char *hex = arena_alloc(a, 65);
	if (!hex)
		return FQ_ENOMEM;
	sodium_bin2hex(hex, 65, h, sizeof h);
	char sub[3] = {hex[0], hex[1], 0};
	const char *dir = arena_printf(a, "%s/%s", s->files_dir, sub);
	if (!dir)
		return FQ_ENOMEM;
	if (mkdir_p(dir) != 0) {
		log_error("attachments: cannot create %s: %s", dir, strerror(errno));
		return fq_fail(err, FQ_EIO, "storage_failed", "附件保存失败");
	}
	fq_status st = write_file(a, dir, hex, data, n);
	if (st) {
		log_error("attachments: cannot write into %s: %s", dir, strerror(errno));
		return fq_fail(err, st, "storage_failed", "附件保存失败");
	}
	unsigned char raw[RECEIPT_BYTES];
	randombytes_buf(raw, sizeof raw);
	char *token = arena_alloc(a, RECEIPT_CHARS + 1);
	if (!token)
		return FQ_ENOMEM;
	sodium_bin2base64(token, RECEIPT_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	const char *th = receipt_hash(a, token);
	if (!th)
		return FQ_ENOMEM;
	int64_t now = clock_now();
	store_tx *tx = NULL;
	if (!(st = store_begin(s->st, true, &tx)) && !(st = store_attachment_put(tx, hex, (int64_t)n, t, now)) &&
	    !(st = store_upload_receipt_put(tx, th, hex, uploader_of(who), now)))
		st = store_commit(&tx);
	store_end(&tx);
	if (st)
		return fq_fail(err, st, NULL, NULL);
	*sha256 = hex;
	*type = t;
	*receipt = token;
	return FQ_OK;
}

fq_status svc_attachment_open(svc *s, arena *a, const actor *who, int64_t case_id, const char *sha256, int *fd,
			      int64_t *size, const char **type, fq_error *err)
{
	if (!sha256 || !validate_sha256(sha256))
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "附件不存在");
	store_tx *tx = NULL;
	case_rec c;
	attachment_rec at;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st)
		st = store_case_get(tx, a, case_id, &c);
	/* The same reader rule as the case page: no one outside the case's
	 * scope learns that the case or the file exists. */
	if (!st && (!who || !who->who || !authz_in_scope(who->who, c.org_path)))
		st = FQ_ENOTFOUND;
	if (!st)
		st = store_case_attachment_find(tx, a, case_id, sha256, &at);
	store_end(&tx);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "not_found", "附件不存在");
	if (st)
		return fq_fail(err, st, NULL, NULL);
	*size = at.size;
	*type = at.content_type;
	const char *path = arena_printf(a, "%s/%c%c/%s", s->files_dir, sha256[0], sha256[1], sha256);
	if (!path)
		return FQ_ENOMEM;
	*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		log_error("attachments: %s is recorded but missing", path);
		return fq_fail(err, FQ_EIO, "storage_failed", "附件文件丢失");
	}
	return FQ_OK;
}
