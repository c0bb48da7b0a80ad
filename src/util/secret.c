/* secret.c - libsodium secretbox, keyed BLAKE2b, and display masks. */
#include "util/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"

static fq_status derive(const unsigned char master[32], secret_key *out)
{
	crypto_kdf_derive_from_key(out->seal, sizeof out->seal, 1, "fq-seal_", master);
	crypto_kdf_derive_from_key(out->blind, sizeof out->blind, 2, "fq-blind", master);
	return FQ_OK;
}

fq_status secret_key_load(const char *path, bool create, secret_key *out, fq_error *err)
{
	if (sodium_init() < 0)
		return fq_fail(err, FQ_EINTERNAL, "crypto_init", "加密库初始化失败");
	unsigned char master[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		randombytes_buf(master, sizeof master);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			return fq_fail(err, FQ_EIO, "key_create_failed", "无法创建数据密钥文件");
		bool ok = write(fd, master, sizeof master) == (ssize_t)sizeof master && fsync(fd) == 0;
		close(fd);
		if (!ok) {
			unlink(path);
			return fq_fail(err, FQ_EIO, "key_create_failed", "无法写入数据密钥文件");
		}
		log_info("created data key %s", path);
		derive(master, out);
		sodium_memzero(master, sizeof master);
		return FQ_OK;
	}
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "key_missing", "找不到数据密钥文件（应与数据库放在一起，名为 数据库文件名.key）");
	ssize_t n = read(fd, master, sizeof master);
	close(fd);
	if (n != (ssize_t)sizeof master)
		return fq_fail(err, FQ_EIO, "key_invalid", "数据密钥文件已损坏");
	derive(master, out);
	sodium_memzero(master, sizeof master);
	return FQ_OK;
}

char *secret_key_path(arena *a, const char *db_url)
{
	/* A SQLite database's key lies beside its file. Several nodes on one
	 * PostgreSQL share one key, which no URL can name as a file beside
	 * the database: the operator gives its path (FQ_KEY_FILE, the same
	 * file on every node), else it is the database's name in the working
	 * directory. */
	if (strncmp(db_url, "postgres://", 11) && strncmp(db_url, "postgresql://", 13))
		return arena_printf(a, "%s.key", db_url);
	const char *env = getenv("FQ_KEY_FILE");
	if (env && *env)
		return arena_strdup(a, env);
	const char *slash = strrchr(db_url + 13, '/');
	const char *name = slash && slash[1] ? slash + 1 : "fengqiao";
	size_t n = strcspn(name, "?#");
	char buf[128];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
		char ch = name[i];
		buf[k++] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
					   ch == '_' || ch == '-'
				   ? ch
				   : '_';
	}
	buf[k] = 0;
	return arena_printf(a, "%s.key", buf);
}

char *secret_seal(arena *a, const secret_key *k, const char *plain)
{
	size_t n = strlen(plain);
	size_t raw_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *raw = arena_alloc(a, raw_len);
	if (!raw)
		return NULL;
	randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, raw, k->seal);
	size_t b64 = sodium_base64_encoded_len(raw_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, b64);
	if (!out)
		return NULL;
	return sodium_bin2base64(out, b64, raw, raw_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

char *secret_open(arena *a, const secret_key *k, const char *sealed)
{
	if (!sealed)
		return NULL;
	size_t cap = strlen(sealed), raw_len = 0;
	unsigned char *raw = arena_alloc(a, cap + 1);
	if (!raw || sodium_base642bin(raw, cap, sealed, strlen(sealed), NULL, &raw_len, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	if (raw_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t n = raw_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = arena_alloc(a, n + 1);
	if (!plain || crypto_secretbox_open_easy((unsigned char *)plain, raw + crypto_secretbox_NONCEBYTES,
						 raw_len - crypto_secretbox_NONCEBYTES, raw, k->seal) != 0)
		return NULL;
	plain[n] = 0;
	return plain;
}

char *secret_blind(arena *a, const secret_key *k, const char *kind, const char *plain)
{
	/* Normalised so that "138 1234 5678" and "13812345678" match, and an
	 * ID's final x matches X. */
	size_t n = strlen(plain);
	char *norm = arena_alloc(a, n + 1);
	if (!norm)
		return NULL;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		char c = plain[i];
		if (c == ' ' || c == '-')
			continue;
		norm[m++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
	}
	norm[m] = 0;
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->blind, sizeof k->blind, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)norm, m);
	crypto_generichash_final(&st, h, sizeof h);
	char *hex = arena_alloc(a, 65);
	return hex ? sodium_bin2hex(hex, 65, h, sizeof h) : NULL;
}

static char *mask(arena *a, const char *s, size_t keep_head, size_t keep_tail)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = (n > keep_head + keep_tail && (i < keep_head || i >= n - keep_tail)) ? s[i] : '*';
	out[n] = 0;
	return out;
}

char *secret_mask_phone(arena *a, const char *phone)
{
	return mask(a, phone, 3, 4);
}

char *secret_mask_id(arena *a, const char *id_number)
{
	return mask(a, id_number, 6, 4);
}
