/* user.c - `fengqiao user add|list|passwd|disable|enable`: staff accounts
 * from the command line. The password is read from the first line of stdin
 * (prompted for twice, without echo, on a terminal), never from the command
 * line where ps and the shell history would keep it. What the operator sets
 * counts as set by an admin: the owner changes it at first login. Exit
 * codes: 0 done, 1 failed, 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/authz.h"
#include "service/accounts.h"
#include "util/paths.h"
#include "util/password.h"

#define PW_CAP 1024

/* Reads one line into buf without its line end. Returns 0, or -1 at end of
 * input / on a read error, or -2 when the line does not fit. */
static int read_line(char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, stdin))
		return -1;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == 0 && n + 1 == cap) {
		int c = getchar();
		if (c != EOF && c != '\n')
			return -2;
	}
	buf[n] = 0;
	return 0;
}

/* On a terminal: prompt on stderr with echo off, restoring the terminal
 * whatever happens. */
static int prompt_line(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	bool can_mute = tcgetattr(STDIN_FILENO, &old) == 0;
	fputs(prompt, stderr);
	fflush(stderr);
	if (can_mute) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		quiet.c_lflag |= ECHONL;
		can_mute = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
	}
	int rc = read_line(buf, cap);
	if (can_mute)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	else
		fputc('\n', stderr);
	return rc;
}

/* Fills pw (PW_CAP bytes) with the new account's password. Prints why on
 * failure and returns the exit code. */
static int get_password(const char *cmd, char *pw)
{
	int rc;
	if (isatty(STDIN_FILENO)) {
		char again[PW_CAP];
		rc = prompt_line("密码 (password): ", pw, PW_CAP);
		if (!rc)
			rc = prompt_line("再输一次 (again): ", again, sizeof again);
		bool same = !rc && strcmp(pw, again) == 0;
		memset(again, 0, sizeof again);
		if (!rc && !same) {
			fprintf(stderr, "fengqiao %s: the two passwords differ\n", cmd);
			return 1;
		}
	} else {
		rc = read_line(pw, PW_CAP);
	}
	if (rc == -2) {
		fprintf(stderr, "fengqiao %s: the password line is too long\n", cmd);
		return 2;
	}
	if (rc) {
		fprintf(stderr, "fengqiao %s: no password on stdin (give it as the first line)\n", cmd);
		return 2;
	}
	return 0;
}

/* data_dir for open_svc: the list shipped with the install. */
static const char PASSWORDS_SHIPPED[] = "(shipped)";

/* Opens the database of an existing installation into *sv, with the
 * common-password list of data_dir when it is given. */
static int open_svc(const char *cmd, const char *db_url, const char *data_dir, svc *sv)
{
	/* The shipped list, found from the binary (util/paths.h), never from
	 * the current directory. */
	char buf[1024];
	if (data_dir == PASSWORDS_SHIPPED)
		data_dir = paths_find(PATHS_DATA, buf, sizeof buf) ? buf : "";
	fq_error err = {0};
	/* The database first, so that a missing one is named as such before
	 * the password list is looked for. */
	if (!cli_open(cmd, db_url, NULL, sv))
		return 1;
	if (data_dir && svc_passwords_load(sv, data_dir, &err)) {
		fprintf(stderr, "fengqiao %s: %s (give the data directory with --data)\n", cmd,
			err.message ? err.message : fq_status_message(err.status));
		svc_close(sv);
		return 1;
	}
	return 0;
}

static void print_error(const char *cmd, fq_status st, const fq_error *err)
{
	const char *msg = err->message ? err->message : fq_status_message(st);
	const char *code = err->code ? err->code : fq_status_code(st);
	fprintf(stderr, "fengqiao %s: %s (%s)\n", cmd, msg, code);
}

static int user_add(int argc, char **argv)
{
	const char *db_url = NULL, *username = NULL, *role = NULL, *org_code = NULL, *unit_s = NULL, *name = NULL,
		   *phone = NULL, *data_dir = NULL;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file"},
		{"--username", &username, NULL, "login name: 3-32 of a-z 0-9 _ . -"},
		{"--role", &role, NULL, "admin|leader|dispatcher|handler|mediator|grid_worker|reviewer"},
		{"--org", &org_code, NULL, "org code: the account sees this org's subtree"},
		{"--unit", &unit_s, NULL, "unit id (handlers, mediators); must lie in the org's subtree"},
		{"--name", &name, NULL, "display name (default: the username)"},
		{"--phone", &phone, NULL, "phone number"},
		{"--data", &data_dir, NULL, "reference data with common_passwords.txt (default $FQ_DATA_DIR, else share/fengqiao of the install)"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
			   "--db DB --username U --role ROLE --org CODE [--unit ID] [--name NAME] [--phone P]"
			   "  (password: first line of stdin)");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !username || !role || !org_code) {
		fprintf(stderr, "fengqiao user add: --db, --username, --role and --org are required\n");
		return 2;
	}
	long long unit_id = 0;
	if (unit_s) {
		char *end;
		errno = 0;
		unit_id = strtoll(unit_s, &end, 10);
		if (!*unit_s || *end || errno || unit_id <= 0) {
			fprintf(stderr, "fengqiao user add: --unit takes a unit id (a positive whole number)\n");
			return 2;
		}
	}
	char pw[PW_CAP];
	if ((rc = get_password("user add", pw))) {
		memset(pw, 0, sizeof pw);
		return rc;
	}
	svc sv;
	if (open_svc("user add", db_url, data_dir ? data_dir : PASSWORDS_SHIPPED, &sv)) {
		memset(pw, 0, sizeof pw);
		return 1;
	}
	arena *a = arena_create(1u << 20);
	fq_error err = {0};
	int64_t id = 0;
	user_create req = {.username = username, .display_name = name, .password = pw, .role = role, .org = org_code,
			   .unit_id = unit_id, .phone = phone, .must_change_password = true};
	fq_status st = a ? svc_user_create(&sv, a, NULL, &req, &id, &err) : fq_fail(&err, FQ_ENOMEM, NULL, NULL);
	memset(pw, 0, sizeof pw);
	if (st)
		print_error("user add", st, &err);
	else
		printf("created user %s (id %lld, role %s, org %s); the password must be changed at first login\n",
		       username, (long long)id, role, org_code);
	arena_destroy(a);
	svc_close(&sv);
	return st ? 1 : 0;
}

static int user_list(int argc, char **argv)
{
	const char *db_url = NULL;
	const cli_opt opts[] = {{"--db", &db_url, NULL, "database file"}};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0], "--db DB");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url) {
		fprintf(stderr, "fengqiao user list: --db is required\n");
		return 2;
	}
	svc sv;
	if (open_svc("user list", db_url, NULL, &sv))
		return 1;
	arena *a = arena_create(256u << 20);
	fq_error err = {0};
	user *v = NULL;
	int n = 0;
	fq_status st = a ? svc_user_list(&sv, a, NULL, &v, &n, &err) : fq_fail(&err, FQ_ENOMEM, NULL, NULL);
	if (st)
		print_error("user list", st, &err);
	for (int i = 0; !st && i < n; i++) {
		const user *u = &v[i];
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)u->id, u->username, u->display_name,
		       authz_role_name(u->role), u->org, u->org_name, u->unit_name ? u->unit_name : "-",
		       u->active ? "active" : "inactive");
	}
	arena_destroy(a);
	svc_close(&sv);
	return st ? 1 : 0;
}

/* passwd, disable, enable: one account named by --username. */
static int user_change(const char *cmd, int argc, char **argv)
{
	bool passwd = strcmp(cmd, "user passwd") == 0;
	const char *db_url = NULL, *username = NULL, *data_dir = NULL;
	bool keep = false;
	const cli_opt opts[] = {
		{"--db", &db_url, NULL, "database file"},
		{"--username", &username, NULL, "the account"},
		{"--data", &data_dir, NULL, "reference data with common_passwords.txt (default as for user add; passwd only)"},
		{"--no-change-required", NULL, &keep, "passwd: the owner need not change it at next login"},
	};
	int rc = cli_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
			   passwd ? "--db DB --username U [--no-change-required]  (password: first line of stdin)"
				  : "--db DB --username U");
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!db_url || !username) {
		fprintf(stderr, "fengqiao %s: --db and --username are required\n", cmd);
		return 2;
	}
	char pw[PW_CAP] = "";
	if (passwd && (rc = get_password(cmd, pw))) {
		memset(pw, 0, sizeof pw);
		return rc;
	}
	svc sv;
	if (open_svc(cmd, db_url, passwd ? (data_dir ? data_dir : PASSWORDS_SHIPPED) : NULL, &sv)) {
		memset(pw, 0, sizeof pw);
		return 1;
	}
	arena *a = arena_create(1u << 20);
	fq_error err = {0};
	user u;
	fq_status st = a ? svc_user_find(&sv, a, username, &u, &err) : fq_fail(&err, FQ_ENOMEM, NULL, NULL);
	if (!st && passwd) {
		st = svc_user_set_password(&sv, a, u.id, pw, !keep, &err);
	} else if (!st) {
		user after;
		user_patch p = {.has_active = true, .active = strcmp(cmd, "user enable") == 0};
		st = svc_user_update(&sv, a, NULL, u.id, &p, &after, &err);
	}
	memset(pw, 0, sizeof pw);
	if (st)
		print_error(cmd, st, &err);
	else if (passwd)
		printf("password of %s set%s; its sessions ended\n", u.username,
		       keep ? "" : ", to be changed at next login");
	else
		printf("user %s %s\n", u.username, strcmp(cmd, "user enable") == 0 ? "enabled" : "disabled; its sessions ended");
	arena_destroy(a);
	svc_close(&sv);
	return st ? 1 : 0;
}

int cli_user(int argc, char **argv)
{
	/* cli_parse names the command after argv[0] in its messages. */
	static char add_name[] = "user add", list_name[] = "user list";
	if (argc >= 2 && strcmp(argv[1], "add") == 0) {
		argv[1] = add_name;
		return user_add(argc - 1, argv + 1);
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		argv[1] = list_name;
		return user_list(argc - 1, argv + 1);
	}
	static char passwd_name[] = "user passwd", disable_name[] = "user disable", enable_name[] = "user enable";
	char *const change[] = {passwd_name, disable_name, enable_name};
	for (size_t i = 0; argc >= 2 && i < sizeof change / sizeof change[0]; i++)
		if (strcmp(argv[1], change[i] + 5) == 0) {
			argv[1] = change[i];
			return user_change(change[i], argc - 1, argv + 1);
		}
	bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
	fprintf(help ? stdout : stderr,
		"usage: fengqiao user add --db DB --username U --role ROLE --org CODE [--unit ID] [--name NAME]"
		" [--phone P]   (password: first line of stdin)\n"
		"       fengqiao user list --db DB\n"
		"       fengqiao user passwd --db DB --username U [--no-change-required]   (password: first line of stdin)\n"
		"       fengqiao user disable --db DB --username U\n"
		"       fengqiao user enable --db DB --username U\n");
	return help ? 0 : 2;
}
