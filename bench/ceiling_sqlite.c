/* ceiling_sqlite.c - the storage ceiling: how many write transactions per
 * second SQLite commits on this machine when each holds one case row and
 * one timeline row, single thread, with the pragmas of
 * src/store/db_sqlite.c (WAL, synchronous=NORMAL, foreign keys, 16 MB
 * cache, no mmap). Nothing of fengqiao runs here: it is the bound the intake
 * rate is compared against (DESIGN.md §9).
 *
 * usage: ceiling_sqlite DB SECONDS   (DB is created; prints one JSON line) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "ceiling_sqlite: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: ceiling_sqlite DB SECONDS\n");
		return 2;
	}
	double seconds = atof(argv[2]);
	remove(argv[1]);
	sqlite3 *db;
	check(NULL, sqlite3_open(argv[1], &db), "open");
	check(db,
	      sqlite3_exec(db,
			   "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
			   "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000; PRAGMA mmap_size=0;"
			   "CREATE TABLE cases (id INTEGER PRIMARY KEY, tracking_no TEXT NOT NULL UNIQUE,"
			   " channel TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL, org TEXT NOT NULL,"
			   " title TEXT NOT NULL, description TEXT NOT NULL, created_at INTEGER NOT NULL,"
			   " last_hash TEXT NOT NULL);"
			   "CREATE TABLE case_event (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
			   " seq INTEGER NOT NULL, at INTEGER NOT NULL, action TEXT NOT NULL, payload TEXT NOT NULL,"
			   " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (case_id, seq));",
			   NULL, NULL, NULL),
	      "schema");
	sqlite3_stmt *ins_case, *ins_ev;
	check(db,
	      sqlite3_prepare_v2(db,
				 "INSERT INTO cases (tracking_no, channel, category, status, org, title, description,"
				 " created_at, last_hash) VALUES (?1, 'web', 'neighbor', 'registered', '130102001001',"
				 " ?2, ?3, ?4, ?5)",
				 -1, &ins_case, NULL),
	      "prepare");
	check(db,
	      sqlite3_prepare_v2(db,
				 "INSERT INTO case_event (case_id, seq, at, action, payload, prev_hash, hash)"
				 " VALUES (?1, 1, ?2, 'register', ?3, ?4, ?5)",
				 -1, &ins_ev, NULL),
	      "prepare");
	/* A 150-character description, as DESIGN.md §9 measured. */
	const char *desc = "村里两户人家因为门前的空地停车问题吵了好几次架，昨天还动手推搡了，村委会调不好，"
			   "希望上级帮忙协调处理。两家原来关系不错，去年一家买了车以后经常停在另一家门口，"
			   "对方出入不便，多次沟通无果，现在双方情绪都比较激动，担心再发生冲突，请尽快派人来调解。"
			   "事发地在村东头第三排，联系人可以随时打电话。";
	const char *hash = "9f2c4e1a7b3d5f608192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
	char tn[48], payload[256];
	long n = 0;
	double t0 = now_s(), t = t0;
	while (t - t0 < seconds) {
		for (int k = 0; k < 100; k++, n++) {
			check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
			snprintf(tn, sizeof tn, "130102-20261123-%07ld", n);
			sqlite3_bind_text(ins_case, 1, tn, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_case, 2, "邻里停车纠纷", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_case, 3, desc, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins_case, 4, (sqlite3_int64)time(NULL));
			sqlite3_bind_text(ins_case, 5, hash, -1, SQLITE_STATIC);
			check(db, sqlite3_step(ins_case), "insert case");
			sqlite3_reset(ins_case);
			sqlite3_int64 id = sqlite3_last_insert_rowid(db);
			snprintf(payload, sizeof payload,
				 "{\"channel\":\"web\",\"category\":\"neighbor\",\"org\":\"130102001001\",\"title\":\"%s\"}",
				 "邻里停车纠纷");
			sqlite3_bind_int64(ins_ev, 1, id);
			sqlite3_bind_int64(ins_ev, 2, (sqlite3_int64)time(NULL));
			sqlite3_bind_text(ins_ev, 3, payload, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_ev, 4, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_ev, 5, hash, -1, SQLITE_STATIC);
			check(db, sqlite3_step(ins_ev), "insert event");
			sqlite3_reset(ins_ev);
			check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
		}
		t = now_s();
	}
	printf("{\"transactions\": %ld, \"seconds\": %.3f, \"per_second\": %.0f}\n", n, t - t0, (double)n / (t - t0));
	sqlite3_finalize(ins_case);
	sqlite3_finalize(ins_ev);
	sqlite3_close(db);
	return 0;
}
