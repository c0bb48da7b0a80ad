/* basedata_gen.c - realistic synthetic base data: the houses, households,
 * people and organisations of every grid below a region, at the shares
 * of a city's base data (people about three quarters, households and
 * houses most of the rest, organisations a few per cent), with valid ID
 * numbers of the county, realistic names, phones and tags. */
#include "service/basedata.h"

#include <stdio.h>
#include <string.h>

#include "core/idcheck.h"
#include "store/store.h"

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	/* splitmix64: fast, and good enough for synthetic data. */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int below(rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

#define N(a) ((int)(sizeof a / sizeof a[0]))
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
				       "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
				       "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "袁", "潘"};
static const char *const given[] = {"伟",   "芳",   "娜",   "秀英", "敏",   "静",   "丽",   "强",   "磊",
				    "军",   "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",
				    "秀兰", "霞",   "平",   "刚",   "桂英", "建国", "建华", "志强", "淑珍",
				    "玉兰", "海燕", "子涵", "梓萱", "浩然", "宇轩", "欣怡", "一诺", "俊杰"};
static const char *const streets[] = {"幸福路", "建设街", "和平路", "胜利街", "团结巷", "友谊大街", "光明路",
				      "振兴街", "新华路", "育才街", "中山路", "长安街"};
static const char *const ethnic[] = {"汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族",
				     "汉族", "汉族", "汉族", "回族", "满族", "蒙古族"};
static const char *const trades[] = {"商贸", "建筑工程", "餐饮", "物流", "科技", "农业发展", "机械制造",
				     "医药", "文化传媒", "物业服务", "汽车维修", "食品"};

typedef struct place {
	const char *grid, *village;
	char county[7];
} place;

#define BIRTH_DAYS 29200 /* 80 years of birth days from 1944 */

/* "YYYYMMDD" of every birth day, 9 bytes each. */
static char *birth_days(arena *a)
{
	char *v = arena_alloc(a, BIRTH_DAYS * 9);
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 1944, m = 1, d = 1;
	for (int i = 0; v && i < BIRTH_DAYS; i++) {
		char *o = v + i * 9;
		o[0] = (char)('0' + y / 1000), o[1] = (char)('0' + y / 100 % 10), o[2] = (char)('0' + y / 10 % 10);
		o[3] = (char)('0' + y % 10), o[4] = (char)('0' + m / 10), o[5] = (char)('0' + m % 10);
		o[6] = (char)('0' + d / 10), o[7] = (char)('0' + d % 10), o[8] = 0;
		if (++d > mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))) {
			d = 1;
			if (++m > 12)
				m = 1, y++;
		}
	}
	return v;
}

/* An ID number of the county, unique for person index i: i picks the
 * birth day, then the sequence within the day. */
static void id_number(const place *p, const char *days, long i, bool male, char out[19])
{
	/* A stride coprime with BIRTH_DAYS spreads even a small demo over
	 * every age and still gives each i its own (day, sequence). */
	long day = (i % BIRTH_DAYS) * 7919 % BIRTH_DAYS, seq = (i / BIRTH_DAYS) % 500;
	snprintf(out, 19, "%s%.8s%03ld", p->county, days + day * 9, seq * 2 + (male ? 1 : 0));
	out[17] = idcheck_id_digit(out);
	out[18] = 0;
}

static void credit_code(const place *p, long i, char out[19])
{
	static const char al[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char body[10];
	long v = i;
	for (int k = 8; k >= 0; k--, v /= 31)
		body[k] = al[v % 31];
	body[9] = 0;
	snprintf(out, 19, "91%s%s", p->county, body);
	out[17] = idcheck_credit_digit(out);
	out[18] = 0;
}

/* 棉一东社区居民委员会 -> 棉一东社区, as an address says it. */
static const char *short_name(arena *a, const char *name)
{
	static const char *const suffixes[] = {"居民委员会", "村民委员会", "委员会"};
	size_t n = strlen(name);
	for (int i = 0; i < N(suffixes); i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcmp(name + n - k, suffixes[i]) == 0)
			return arena_strndup(a, name, n - k);
	}
	return name;
}

/* Counts per grid for a total of rows: houses 10 %, households 15 %,
 * people 73 %, organisations 2 %. */
static long share(long rows, int pct, int grids, int g)
{
	long total = rows * pct / 100;
	return total / grids + (g < total % grids ? 1 : 0);
}

fq_status svc_bd_gen(svc *s, const char *region, long rows, uint64_t seed, bd_gen_fn fn, void *ctx, fq_error *err)
{
	arena *a = arena_create(512u << 20);
	if (!a)
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	store_tx *tx = NULL;
	org root, *grids = NULL, *villages = NULL;
	int ng = 0, nv = 0;
	fq_status st = store_begin(s->st, false, &tx);
	if (!st && (st = store_org_get(tx, a, region, &root)) == FQ_ENOTFOUND)
		st = fq_fail(err, st, "unknown_region", "地区不存在");
	if (!st)
		st = store_org_level_list(tx, a, root.path, ORG_GRID, &grids, &ng);
	if (!st)
		st = store_org_level_list(tx, a, root.path, ORG_VILLAGE, &villages, &nv);
	store_end(&tx);
	if (!st && ng == 0)
		st = fq_fail(err, FQ_EINVAL, "no_grids", "该地区还没有网格（先运行 init --demo 或 grid import）");
	if (st) {
		arena_destroy(a);
		return st == FQ_EINVAL || st == FQ_ENOTFOUND ? st : fq_fail(err, st, NULL, NULL);
	}
	place *pl = arena_alloc(a, sizeof *pl * (size_t)ng);
	char *days = birth_days(a);
	if (!pl || !days) {
		arena_destroy(a);
		return fq_fail(err, FQ_ENOMEM, NULL, NULL);
	}
	for (int g = 0, v = 0; g < ng; g++) {
		while (v < nv && strcmp(villages[v].code, grids[g].parent) < 0)
			v++;
		pl[g].grid = grids[g].code;
		pl[g].village = v < nv && strcmp(villages[v].code, grids[g].parent) == 0 ? short_name(a, villages[v].name) : "";
		if (!pl[g].village) {
			arena_destroy(a);
			return fq_fail(err, FQ_ENOMEM, NULL, NULL);
		}
		memcpy(pl[g].county, grids[g].code, 6);
		pl[g].county[6] = 0;
	}
	const bd_kind *houses = bd_kind_find("houses"), *households = bd_kind_find("households"),
		      *people = bd_kind_find("people"), *orgs = bd_kind_find("organisations");
	rng r = {seed * 0x2545F4914F6CDD1Dull + 1};
	char addr[160], num[64], name[64], phone[16], idno[19], tags[64], lat[24], lon[24], hh[64], home[160];
	long person = 0, org_i = 0;
	int stop = 0;
	/* 1. houses */
	for (int g = 0; g < ng && !stop; g++) {
		long n = share(rows, 10, ng, g);
		for (long j = 0; j < n && !stop; j++) {
			snprintf(addr, sizeof addr, "%s%s%ld号", pl[g].village, streets[j % N(streets)], j / N(streets) + 1);
			int u = below(&r, 100);
			const char *use = u < 70 ? "自住" : u < 85 ? "出租" : u < 95 ? "空置" : "经营";
			snprintf(lat, sizeof lat, "%.6f", 37.9 + below(&r, 60000) / 100000.0);
			snprintf(lon, sizeof lon, "%.6f", 114.2 + below(&r, 90000) / 100000.0);
			const char *cols[] = {pl[g].grid, addr, use, "", "", lat, lon};
			stop = fn(ctx, houses, cols, N(cols));
		}
	}
	/* 2. households: at a house of the grid */
	for (int g = 0; g < ng && !stop; g++) {
		long n = share(rows, 15, ng, g), nh = share(rows, 10, ng, g);
		for (long j = 0; j < n && !stop; j++) {
			long h = nh ? j % nh : j;
			snprintf(num, sizeof num, "%s-%04ld", pl[g].grid, j + 1);
			snprintf(addr, sizeof addr, "%s%s%ld号", pl[g].village, streets[h % N(streets)], h / N(streets) + 1);
			const char *cols[] = {pl[g].grid, num, addr, ""};
			stop = fn(ctx, households, cols, N(cols));
		}
	}
	/* 3. people: the first of each household is its head */
	for (int g = 0; g < ng && !stop; g++) {
		long n = share(rows, 73, ng, g), nhh = share(rows, 15, ng, g), nh = share(rows, 10, ng, g);
		for (long j = 0; j < n && !stop; j++) {
			bool male = below(&r, 2);
			id_number(&pl[g], days, person++, male, idno);
			snprintf(name, sizeof name, "%s%s", surnames[below(&r, N(surnames))], given[below(&r, N(given))]);
			snprintf(phone, sizeof phone, "1%d%09d", 3 + below(&r, 7), below(&r, 1000000000));
			int k = below(&r, 100);
			const char *kind = k < 85 ? "户籍" : k < 99 ? "流动" : "境外";
			long hj = nhh ? j % nhh : 0;
			const char *rel = j < nhh ? "户主" : (const char *[]){"配偶", "子女", "父母", "其他"}[below(&r, 4)];
			snprintf(hh, sizeof hh, "%s-%04ld", pl[g].grid, hj + 1);
			long h = nh ? hj % nh : 0;
			snprintf(home, sizeof home, "%s%s%ld号", pl[g].village, streets[h % N(streets)], h / N(streets) + 1);
			/* About 3 % carry a tag that fits their age. */
			int t = below(&r, 1000), year = (idno[6] - '0') * 1000 + (idno[7] - '0') * 100 +
							 (idno[8] - '0') * 10 + (idno[9] - '0');
			static const char *const old[] = {"留守老人", "残疾", "严重精神障碍"};
			static const char *const young[] = {"留守儿童", "残疾"};
			static const char *const teen[] = {"重点青少年", "留守儿童", "残疾"};
			static const char *const adult[] = {"社区矫正", "刑满释放", "吸毒", "严重精神障碍", "残疾"};
			tags[0] = 0;
			if (t < 30)
				snprintf(tags, sizeof tags, "%s",
					 year <= 1961 ? old[t % N(old)] : year >= 2014 ? young[t % N(young)]
					 : year >= 2006 ? teen[t % N(teen)] : adult[t % N(adult)]);
			const char *cols[] = {pl[g].grid, name, idno, "", "", ethnic[below(&r, N(ethnic))], phone, kind,
					      nhh ? hh : "", nhh ? rel : "", nh ? home : "", tags};
			stop = fn(ctx, people, cols, N(cols));
		}
	}
	/* 4. organisations */
	for (int g = 0; g < ng && !stop; g++) {
		long n = share(rows, 2, ng, g);
		for (long j = 0; j < n && !stop; j++) {
			int k = below(&r, 100);
			const char *kind = k < 55 ? "企业" : k < 90 ? "个体工商户" : k < 95 ? "社会组织" : k < 98 ? "学校" : "医院";
			credit_code(&pl[g], org_i++, idno);
			const char *suffix = k < 55 ? "有限公司" : k < 90 ? "经营部" : k < 95 ? "协会" : k < 98 ? "小学" : "卫生院";
			snprintf(name, sizeof name, "%s%s%s", pl[g].village, trades[below(&r, N(trades))], suffix);
			snprintf(addr, sizeof addr, "%s%s%d号", pl[g].village, streets[below(&r, N(streets))], 1 + below(&r, 200));
			char rep[32];
			snprintf(rep, sizeof rep, "%s%s", surnames[below(&r, N(surnames))], given[below(&r, N(given))]);
			snprintf(phone, sizeof phone, "0311%08d", below(&r, 100000000));
			const char *cols[] = {pl[g].grid, name, idno, kind, addr, rep, phone};
			stop = fn(ctx, orgs, cols, N(cols));
		}
	}
	arena_destroy(a);
	return stop ? fq_fail(err, FQ_EIO, "gen_stopped", "写入生成的数据失败") : FQ_OK;
}
