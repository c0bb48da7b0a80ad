/* migrate.c - fengqiao migrate: a county's database moves to PostgreSQL.
 *
 * The key is settled first (a target sealed with another key could not
 * open the copied personal data), then the rows, then the files, so that
 * a run that fails part-way leaves a target that is refused next time
 * rather than one that looks complete. */
#include "service/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service/attachments.h"
#include "service/service.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/secret.h"

/* The whole key file (32 bytes), or -1. */
static ssize_t read_key(const char *path, unsigned char buf[64])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, 64);
	close(fd);
	return n;
}

static fq_status settle_key(arena *a, const char *from, const char *to, fq_error *err)
{
	const char *src = secret_key_path(a, from), *dst = secret_key_path(a, to);
	if (!src || !dst)
		return FQ_ENOMEM;
	unsigned char k1[64], k2[64];
	ssize_t n1 = read_key(src, k1);
	if (n1 != 32)
		return fq_fail(err, FQ_EIO, "key_missing", "找不到源数据库的数据密钥文件");
	ssize_t n2 = read_key(dst, k2);
	if (n2 >= 0) {
		if (n2 != n1 || memcmp(k1, k2, (size_t)n1) != 0)
			return fq_fail(err, FQ_ECONFLICT, "key_differs", "目标位置已有另一个数据密钥文件，与源数据库的密钥不同");
		return FQ_OK;
	}
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "key_create_failed", "无法写入目标的数据密钥文件");
	bool ok = write(fd, k1, (size_t)n1) == n1 && fsync(fd) == 0;
	close(fd);
	if (!ok) {
		unlink(dst);
		return fq_fail(err, FQ_EIO, "key_create_failed", "无法写入目标的数据密钥文件");
	}
	log_info("migrate: data key copied to %s", dst);
	return FQ_OK;
}

typedef struct file_run {
	arena *a;
	const char *from, *to;
	int64_t n;
	migrate_progress cb;
	void *ctx;
} file_run;

static fq_status copy_one(void *p, const char *sha256)
{
	file_run *r = p;
	fq_status s = svc_attachment_copy(r->a, r->from, r->to, sha256);
	if (!s && r->cb && ++r->n % 100 == 0)
		r->cb(r->ctx, "attachments", r->n, -1);
	return s;
}

typedef struct row_progress {
	migrate_progress cb;
	void *ctx;
	int64_t done;
} row_progress;

static void on_rows(void *p, const char *table, int64_t done, int64_t total)
{
	row_progress *r = p;
	(void)table;
	r->done = done;
	if (r->cb)
		r->cb(r->ctx, "rows", done, total);
}

static bool postgres_url(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

fq_status svc_migrate(const char *from, const char *to, const char *files_from, const char *files_to,
		      migrate_progress cb, void *ctx, migrate_result *out, fq_error *err)
{
	memset(out, 0, sizeof *out);
	if (postgres_url(from) || !postgres_url(to))
		return fq_fail(err, FQ_EINVAL, "copy_unsupported", "--from 须为 SQLite 数据库文件，--to 须为 postgres:// 地址");
	svc src = {0}, dst = {0};
	arena *a = arena_create(8u << 20);
	if (!a)
		return FQ_ENOMEM;
	fq_status s = svc_open(from, NULL, &src, err);
	if (!s)
		s = svc_open(to, NULL, &dst, err);
	bool empty = false;
	if (!s && !(s = store_is_empty(dst.st, &empty)) && !empty)
		s = fq_fail(err, FQ_ECONFLICT, "target_not_empty",
			    "目标数据库已有数据，迁移只写入空数据库；请新建一个空的 PostgreSQL 数据库再试");
	if (!s)
		s = settle_key(a, from, to, err);
	row_progress rp = {cb, ctx, 0};
	if (!s)
		s = store_copy(src.st, dst.st, on_rows, &rp, err);
	file_run fr = {.a = a, .from = files_from, .to = files_to, .cb = cb, .ctx = ctx};
	if (!s && files_from && files_to) {
		struct stat st;
		if (stat(files_from, &st) == 0 && S_ISDIR(st.st_mode)) {
			s = store_attachment_names(src.st, copy_one, &fr);
			if (s)
				fq_fail(err, s, "attachment_copy_failed", "附件文件复制失败");
		}
	}
	out->rows = rp.done;
	out->attachments = fr.n;
	svc_close(&dst);
	svc_close(&src);
	arena_destroy(a);
	return s;
}
