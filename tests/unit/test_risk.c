/* test_risk.c - the high-risk pattern list: appeals that must be flagged
 * (with the words as they were written), ordinary sentences that must not
 * be, crowds of people, the list format and its errors, failing
 * allocations, and the detector's recall per kind and false alarms on the
 * held-out appeals of data/risk/heldout.tsv and data/risk/heldout2.tsv
 * (written before the patterns were tuned, never tuned on), and false
 * alarms on the ordinary appeals of the triage sets; the statistical
 * model learnt from data/risk/train.tsv, data/risk/heldout.tsv and the
 * triage training appeals (never heldout2 nor the triage held-out set), and
 * the paraphrases only it catches. Runs on the shipped data/risk_words.tsv
 * (tests run from the repository root). FQ_RISK_SHOW=train (or heldout)
 * prints what a set misses and what it flags wrongly. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testutil.h"

#include "core/risk.h"
#include "util/arena.h"
#include "util/mem.h"


/* The shipped patterns alone. */
static risk_list *shipped_patterns(void)
{
	size_t n;
	char *buf = test_slurp("data/risk_words.tsv", &n);
	assert_non_null(buf);
	risk_list *l = NULL;
	fq_error err = {0};
	fq_status st = risk_list_parse(buf, n, &l, &err);
	if (st)
		print_message("parse: %s\n", err.message);
	assert_int_equal(st, FQ_OK);
	assert_true(risk_list_size(l) > 100);
	free(buf);
	return l;
}

/* The corpora the server learns from (service/triage.c): never
 * data/risk/heldout2.tsv nor data/triage/heldout.tsv, the measures. */
static const struct {
	const char *path;
	bool ordinary, held;
} learnt_from[] = {
	{"data/risk/train.tsv", false, false},
	{"data/risk/heldout.tsv", false, true},
	{"data/triage/train.tsv", true, false},
};
#define N_LEARNT (sizeof learnt_from / sizeof learnt_from[0])

static void learn(risk_list *l)
{
	risk_corpus c[N_LEARNT];
	char *bufs[N_LEARNT];
	for (size_t i = 0; i < N_LEARNT; i++) {
		size_t n;
		bufs[i] = test_slurp(learnt_from[i].path, &n);
		assert_non_null(bufs[i]);
		c[i] = (risk_corpus){bufs[i], n, learnt_from[i].ordinary, learnt_from[i].held};
	}
	fq_error err = {0};
	fq_status st = risk_list_learn(l, c, (int)N_LEARNT, &err);
	if (st)
		print_message("learn: %s\n", err.message);
	assert_int_equal(st, FQ_OK);
	for (size_t i = 0; i < N_LEARNT; i++)
		free(bufs[i]);
}

/* The detector as the server builds it: the patterns and the model they
 * learnt. Built once (learning takes a fraction of a second); immutable,
 * so the tests share it. */
static risk_list *shipped;

static risk_list *shipped_list(void)
{
	if (!shipped) {
		shipped = shipped_patterns();
		learn(shipped);
		assert_true(risk_list_model(shipped, NULL));
	}
	return shipped;
}

static int has_word(const risk_result *r, const char *word)
{
	for (int i = 0; i < r->n_hits; i++)
		if (r->hits[i].word && strcmp(r->hits[i].word, word) == 0)
			return 1;
	return 0;
}

static void dump(const char *text, const risk_result *r)
{
	print_message("  %s -> %s:", text, risk_level_name(r->level));
	for (int i = 0; i < r->n_hits; i++)
		print_message(" [%s %s]", r->hits[i].word, risk_kind_name(r->hits[i].kind));
	print_message("\n");
}

/* Appeals that must be high risk, with one word each must report exactly as
 * written in the text (overlapping hits of one kind are one phrase: the
 * words grew when the patterns did). */
static const struct {
	const char *text, *word;
} positives[] = {
	{"老板再不给钱，我就从他们公司楼顶跳下去", "从他们公司楼顶跳下去"},
	{"俺们几十个工人讨薪讨了一年了，一分钱没拿到", "讨薪"},
	{"俺们几十个工人讨薪讨了一年了，一分钱没拿到", "几十个工人"},
	{"30多人到项目部讨要工资，项目经理躲着不见", "30多人"},
	{"一百多名农民工的工资拖了半年没发，大家准备一起去要", "一百多名"},
	{"二十余名工人被欠工钱，年前拿不到钱都回不了家", "工钱"},
	{"他说要喝农药死给我们看", "喝农药"},
	{"我真的不想活了，谁也不管我们娘俩", "不想活了"},
	{"我真的不想 活了", "不想 活了"},
	{"再不解决我就跟他同归于尽", "同归于尽"},
	{"他扬言要拿刀砍死我们全家", "拿刀砍死我们"},
	{"他喝醉了就说要弄死你们", "要弄死你们"},
	{"村民们准备明天去市政府门口讨个说法", "去市政府门口"},
	{"已有二十余名工人在项目部门口聚集，情绪激动", "聚集"},
	{"要是还不给说法，我们就去北京上访", "就去北京上访"},
	{"几户人家打算在路口拉横幅", "拉横幅"},
	{"他扬言要用炸药把厂子炸了", "炸药"},
	{"网格员走访发现，女方有轻生念头，已安抚", "轻生念头"},
	{"他说要是法院再不执行就采取极端手段", "采取极端手段"},
	{"上百户村民堵路不让施工队进场", "堵路"},
	{"老人说活不下去了，要去跳河", "跳河"},
	{"ＫＴＶ老板扬言要报复他家", "要报复他家"},
	/* the issue's own examples, one kind each */
	{"活着没意思，我不想活了", "不想活了"},
	{"他说要喝药", "喝药"},
	{"逼急了我就从楼上跳下去", "从楼上跳下去"},
	{"我拿刀找他去", "拿刀"},
	{"惹急了我一把火点了他家", "一把火"},
	{"我跟他拼命", "跟他拼命"},
	{"村里几十户联名告他", "几十户"},
	{"大伙一块去县委门口", "一块去县委门口"},
	{"工人们准备拉横幅", "拉横幅"},
	{"明天去堵厂门", "堵厂门"},
	{"业主们商量好了穿统一的衣服去市里", "商量好"},
	{"不解决我就上北京", "就上北京"},
	{"县里不管就去省里", "县里不管就去省里"},
	{"工人爬塔吊讨薪", "爬塔吊讨薪"},
	{"實在不行我就殺了他", "殺了他"},
};

static void test_positives(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	arena *a = arena_create(1 << 20);
	int failed = 0;
	for (size_t i = 0; i < sizeof positives / sizeof positives[0]; i++) {
		risk_result r;
		assert_int_equal(risk_check(l, positives[i].text, a, &r), FQ_OK);
		if (r.level != RISK_HIGH || !has_word(&r, positives[i].word)) {
			print_message("missed \"%s\" in:\n", positives[i].word);
			dump(positives[i].text, &r);
			failed++;
		}
		/* offsets point at the words in the caller's text */
		for (int h = 0; h < r.n_hits; h++)
			assert_memory_equal(positives[i].text + r.hits[h].off, r.hits[h].word, r.hits[h].len);
	}
	assert_int_equal(failed, 0);
	arena_destroy(a);
}

/* Ordinary appeals and sentences that share characters or words with the
 * list: none may raise an alarm. */
static const char *const ordinary[] = {
	"楼上漏水把我家天花板泡坏了，找他好几次都不给修",
	"商场搞跳楼价大甩卖，买回来的衣服质量太差要求退货",
	"我们小区有三十多户业主想成立业委会，物业不配合",
	"老板拖欠我三个月工资，一共一万二",
	"包工头欠俺们工钱不给，俺们三个人去要了好几回",
	"邻居砍了我家门口的树，还说树是他家的",
	"楼下邻居说我家孩子吵，天天拿棍子捅天花板",
	"她不敢离婚，怕被报复",
	"最近极端天气多，大棚被雪压塌了，保险公司不赔",
	"孩子在楼道里跳绳跳来跳去，楼下老人有意见",
	"我家的狗被车撞死了，司机开车跑了",
	"工地上二十多个工人每天早上六点就开始干活，噪音太大",
	"冲击钻从早响到晚，邻居装修太吵了",
	"拿刀切菜的时候手划伤了，这算工伤吗",
	"去北京看病的路费能不能报销",
	"早餐店炸油条的油烟直接排到楼道里",
	"小区广场上跳广场舞的人太多，音响太吵",
	"公司一百多名员工的社保都没交，我们想问问怎么办",
	"医院把我爸的病耽误了，要求医院赔偿",
	"请问离婚冷静期是多少天",
	"十几个人合伙买了一台收割机，现在分不清账",
	"村里五十多户人家的自来水停了三天了",
	"我们是一家五口人，住在漏雨的老房子里",
	"两家为了一条排水沟吵了好多年了",
	"老人八十多岁了，三个儿子谁也不管",
	"饭店后厨的杀鱼池子污水直接排到下水道",
	"快递员把包裹扔在门口被人拿走了",
	"孩子玩杀人游戏的桌游，家长觉得不合适，想问问有没有规定",
	"小区门口堵车太厉害了，早高峰走不动",
	"楼顶的太阳能热水器漏水，水顺着墙往下流",
	"去县医院看病路过县政府门口，那里的红绿灯坏了",
	"楼上的孩子从床上跳下去，咚的一声，天天这样",
	"楼下的大爷每天早上五点就在阳台上吊嗓子唱戏",
	"楼上吊顶漏水，把我家的墙泡了",
	"村里人放火烧荒，把我家的果园烧了一片",
	"",
	"好",
};

static void test_no_false_alarms(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	arena *a = arena_create(1 << 20);
	int failed = 0;
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		risk_result r;
		assert_int_equal(risk_check(l, ordinary[i], a, &r), FQ_OK);
		if (r.level != RISK_NORMAL || r.n_hits != 0) {
			print_message("false alarm:\n");
			dump(ordinary[i], &r);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
	arena_destroy(a);
}

/* Crowds: the size words are read right, and a crowd word needs a crowd
 * at least as big as its threshold. */
static void test_crowds(void **state)
{
	(void)state;
	const char list[] = "讨薪\tcrowd:50\t五十人以上\n拖欠…工资\tcrowd\t默认十人\n";
	risk_list *l = NULL;
	assert_int_equal(risk_list_parse(list, sizeof list - 1, &l, NULL), FQ_OK);
	static const struct {
		const char *text;
		enum risk_level level;
	} cases[] = {
		{"三十多人讨薪", RISK_NORMAL},
		{"一百多人讨薪", RISK_HIGH},
		{"上百名工人讨薪", RISK_HIGH},
		{"五六十个农民工来讨薪", RISK_HIGH},
		{"二三十个工人来讨薪", RISK_NORMAL},
		{"拖欠我们十几个工友三个月工资", RISK_HIGH},
		{"拖欠我们几个人三个月工资", RISK_NORMAL},
		{"拖欠12名员工的工资", RISK_HIGH},
		{"拖欠9名员工的工资", RISK_NORMAL},
		{"三十多岁的工人被拖欠工资", RISK_NORMAL},
		{"拖欠工资一百多万", RISK_NORMAL},
		{"拖欠了二十多年的工资", RISK_NORMAL},
		{"拖欠１５位师傅的工资", RISK_HIGH},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		risk_result r;
		assert_int_equal(risk_check(l, cases[i].text, NULL, &r), FQ_OK);
		if (r.level != cases[i].level)
			print_message("crowd case %zu: %s\n", i, cases[i].text);
		assert_int_equal(r.level, cases[i].level);
		if (r.level == RISK_HIGH) {
			int sized = 0;
			for (int h = 0; h < r.n_hits; h++)
				sized |= r.hits[h].kind == RISK_CROWD_SIZE;
			assert_true(sized);
			assert_null(r.hits[0].word); /* no arena, no copies */
		}
	}
	risk_list_free(l);
}

/* Exclusions, gaps, folding, and several words in one text. */
static void test_matching(void **state)
{
	(void)state;
	const char list[] = "# test list\r\n"
			    "跳楼\tself_harm\t\r\n"
			    "跳楼价\texclude\n"
			    "北京*上访\tmass\n"
			    "abc\tviolence\tnote\n"
			    "\n";
	risk_list *l = NULL;
	assert_int_equal(risk_list_parse(list, sizeof list - 1, &l, NULL), FQ_OK);
	assert_int_equal(risk_list_size(l), 4);
	arena *a = arena_create(1 << 16);
	risk_result r;
	assert_int_equal(risk_check(l, "跳楼价处理", a, &r), FQ_OK);
	assert_int_equal(r.level, RISK_NORMAL);
	assert_int_equal(risk_check(l, "跳楼价处理，我也要跳楼", a, &r), FQ_OK);
	assert_int_equal(r.level, RISK_HIGH);
	assert_int_equal(r.n_hits, 1);
	assert_int_equal(r.hits[0].off, strlen("跳楼价处理，我也要"));
	/* a gap of up to RISK_MAX_GAP code points, not more */
	assert_int_equal(risk_check(l, "去北京找他们上访", a, &r), FQ_OK);
	assert_true(has_word(&r, "北京找他们上访"));
	assert_int_equal(risk_check(l, "去北京看了一趟病回来以后就去县里上访", a, &r), FQ_OK);
	assert_int_equal(r.level, RISK_NORMAL);
	/* full-width and upper case fold; spaces are skipped */
	assert_int_equal(risk_check(l, "他说 ＡＢＣ", a, &r), FQ_OK);
	assert_true(has_word(&r, "ＡＢＣ"));
	assert_int_equal(risk_check(l, "跳 楼", a, &r), FQ_OK);
	assert_true(has_word(&r, "跳 楼"));
	/* the same word twice is reported once; different words in order */
	assert_int_equal(risk_check(l, "abc 跳楼 abc 跳楼", a, &r), FQ_OK);
	assert_int_equal(r.n_hits, 2);
	assert_string_equal(r.hits[0].word, "abc");
	assert_string_equal(r.hits[1].word, "跳楼");
	assert_int_equal(r.hits[0].kind, RISK_VIOLENCE);
	assert_int_equal(r.hits[1].kind, RISK_SELF_HARM);
	/* invalid UTF-8 never matches and never breaks the words around it */
	assert_int_equal(risk_check(l, "\xff\xfe跳楼\xe8", a, &r), FQ_OK);
	assert_true(has_word(&r, "跳楼"));
	assert_int_equal(risk_check(l, "跳\xff楼", a, &r), FQ_OK);
	assert_int_equal(r.level, RISK_NORMAL);
	arena_destroy(a);
	risk_list_free(l);
}

static void test_many_hits_and_long_text(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	/* 20 KB of ordinary text, then a threat at the end of what is read */
	size_t n = 20 * 1024;
	char *text = malloc(n + 64);
	assert_non_null(text);
	const char *unit = "楼上漏水找物业";
	size_t ul = strlen(unit), pos = 0;
	while (pos + ul < n) {
		memcpy(text + pos, unit, ul);
		pos += ul;
	}
	memcpy(text + pos, "我不想活了", strlen("我不想活了") + 1);
	risk_result r;
	assert_int_equal(risk_check(l, text, NULL, &r), FQ_OK);
	assert_int_equal(r.level, RISK_HIGH);
	/* every word of the list in one text: capped, no overflow */
	const char *words[] = {"跳楼", "跳河", "自杀", "喝农药", "上吊", "割腕", "同归于尽", "砍死", "捅死", "弄死你", "杀人",
			       "炸药", "聚集", "堵路", "拉横幅", "静坐", "群访", "讨说法", "纵火", "灭门"};
	pos = 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t wl = strlen(words[i]);
		memcpy(text + pos, words[i], wl);
		pos += wl;
		text[pos++] = ',';
	}
	text[pos] = 0;
	assert_int_equal(risk_check(l, text, NULL, &r), FQ_OK);
	assert_int_equal(r.level, RISK_HIGH);
	assert_int_equal(r.n_hits, RISK_MAX_HITS);
	free(text);
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *tsv;
		const char *line;
	} bad[] = {
		{"跳楼\tself_harm\n跳河\tsadness\n", "第 2 行"},
		{"跳楼\n", "第 1 行"},
		{"\tmass\n", "第 1 行"},
		{"# c\n\n北京…上访…北京…上访…北京\tmass\n", "第 3 行"},
		{"(跳楼\tself_harm\n", "第 1 行"},
		{"跳(楼|(河))\tself_harm\n", "第 1 行"},
		{"跳楼)\tself_harm\n", "第 1 行"},
		{"跳(…楼)\tself_harm\n", "第 1 行"},
		{"…上访\tmass\n", "第 1 行"},
		{"上访…\tmass\n", "第 1 行"},
		{"讨薪\tcrowd:1\n", "第 1 行"},
		{"讨薪\tcrowd:x\n", "第 1 行"},
		{"讨薪\tcrowd:\n", "第 1 行"},
		{"\xe8\xb7\tmass\n", "第 1 行"},
		{"   \tmass\n", "第 1 行"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		risk_list *l = (risk_list *)&l; /* must be reset to NULL */
		fq_error err = {0};
		assert_int_equal(risk_list_parse(bad[i].tsv, strlen(bad[i].tsv), &l, &err), FQ_EINVAL);
		assert_null(l);
		assert_non_null(err.message);
		if (!strstr(err.message, bad[i].line))
			print_message("case %zu: %s\n", i, err.message);
		assert_non_null(strstr(err.message, bad[i].line));
	}
	risk_list *l = NULL;
	assert_int_equal(risk_list_parse(NULL, 3, &l, NULL), FQ_EINVAL);
	assert_int_equal(risk_list_parse("a\tmass\n", 7, NULL, NULL), FQ_EINVAL);
	/* an empty list is valid and flags nothing */
	assert_int_equal(risk_list_parse("", 0, &l, NULL), FQ_OK);
	risk_result r;
	assert_int_equal(risk_check(l, "不想活了", NULL, &r), FQ_OK);
	assert_int_equal(r.level, RISK_NORMAL);
	assert_int_equal(risk_check(NULL, "x", NULL, &r), FQ_EINVAL);
	assert_int_equal(risk_check(l, NULL, NULL, &r), FQ_EINVAL);
	assert_int_equal(risk_check(l, "x", NULL, NULL), FQ_EINVAL);
	risk_list_free(l);
	risk_list_free(NULL);
	assert_string_equal(risk_level_name(RISK_HIGH), "high");
	assert_string_equal(risk_level_name(RISK_NORMAL), "normal");
	assert_string_equal(risk_kind_name(RISK_CROWD_SIZE), "crowd_size");
}

/* The Nth allocation fails, for every N: a clean FQ_ENOMEM, no leak (the
 * sanitizer build checks), and success once allocations are allowed. */
static void test_allocation_failures(void **state)
{
	(void)state;
	size_t n;
	char *buf = test_slurp("data/risk_words.tsv", &n);
	assert_non_null(buf);
	int ok = 0;
	for (long k = 0; k < 20 && !ok; k++) {
		risk_list *l = NULL;
		mem_fail_after(k);
		fq_status st = risk_list_parse(buf, n, &l, NULL);
		mem_fail_after(-1);
		if (st == FQ_OK) {
			ok = 1;
		} else {
			assert_int_equal(st, FQ_ENOMEM);
			assert_null(l);
		}
		risk_list_free(l);
	}
	assert_true(ok);
	risk_list *l = NULL;
	assert_int_equal(risk_list_parse(buf, n, &l, NULL), FQ_OK);
	ok = 0;
	for (long k = 0; k < 20 && !ok; k++) {
		risk_result r;
		mem_fail_after(k);
		fq_status st = risk_check(l, "几十个工人讨薪", NULL, &r);
		mem_fail_after(-1);
		if (st == FQ_OK) {
			ok = 1;
			assert_int_equal(r.level, RISK_HIGH);
		} else {
			assert_int_equal(st, FQ_ENOMEM);
			assert_int_equal(r.level, RISK_NORMAL);
			assert_int_equal(r.n_hits, 0);
		}
	}
	assert_true(ok);
	/* the arena running out */
	arena *a = arena_create(8);
	risk_result r;
	assert_int_equal(risk_check(l, "我不想活了，真的不想活了，要去跳河", a, &r), FQ_ENOMEM);
	assert_int_equal(r.n_hits, 0);
	arena_destroy(a);
	risk_list_free(l);
	free(buf);
}

/* The kinds named: each of the examples gets its own kind, crowd
 * hits count as group, and an appeal may carry several kinds. */
static void test_kinds(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	static const struct {
		const char *text;
		unsigned kinds;
	} cases[] = {
		{"我不想活了", 1u << RISK_SELF_HARM},
		{"他拿刀找他去", 1u << RISK_VIOLENCE},
		{"俺们几十个工人讨薪讨了一年了", 1u << RISK_GROUP},
		{"大伙商量好了一块去县委门口", 1u << RISK_GROUP},
		{"这回我上北京", 1u << RISK_ESCALATION},
		{"再不给钱，我就从楼顶跳下去，我哥就拿刀去找他", 1u << RISK_SELF_HARM | 1u << RISK_VIOLENCE},
		{"我不会去北京告，就是想要回钱", 0},
		{"去年想不开过，现在好了，问一下低保", 0},
		{"两车剐蹭，没有人受伤", 0},
		{"去北京看病的医保怎么报", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		risk_result r;
		assert_int_equal(risk_check(l, cases[i].text, NULL, &r), FQ_OK);
		if (r.kinds != cases[i].kinds)
			print_message("kinds of \"%s\": %#x, expected %#x\n", cases[i].text, r.kinds, cases[i].kinds);
		assert_int_equal(r.kinds, cases[i].kinds);
		assert_int_equal(r.level, cases[i].kinds ? RISK_HIGH : RISK_NORMAL);
	}
	assert_string_equal(risk_kind_name(RISK_GROUP), "group");
	assert_string_equal(risk_kind_name(RISK_ESCALATION), "escalation");
	assert_string_equal(risk_kind_label(RISK_SELF_HARM), "自伤自杀风险");
	assert_string_equal(risk_kind_label(RISK_VIOLENCE), "暴力风险");
	assert_string_equal(risk_kind_label(RISK_CROWD_SIZE), "群体性风险");
	assert_string_equal(risk_kind_label(RISK_ESCALATION), "越级上访风险");
}

/* Paraphrases written for this test, in words no pattern spells out: the
 * patterns alone miss each, the learnt model flags its kind, and the words
 * it reports are spans of the text (never empty). */
static const struct {
	const char *text;
	enum risk_kind kind;
} paraphrases[] = {
	{"钱要不回来，俺这条老命就耗在他们门口了", RISK_SELF_HARM},
	{"我这把老骨头就扔在你们门口了", RISK_SELF_HARM},
	{"惹毛了我，让他这辈子站不起来", RISK_VIOLENCE},
	{"这事县里捂着，我直接去找上头的大领导", RISK_ESCALATION},
	{"俺们这片的住户都说了，下周谁也不上班，全去开发商那儿耗着", RISK_GROUP},
};

static void test_model_paraphrases(void **state)
{
	(void)state;
	risk_list *patterns = shipped_patterns(), *l = shipped_list();
	arena *a = arena_create(1 << 16);
	risk_model_info info;
	assert_true(risk_list_model(l, &info));
	assert_false(risk_list_model(patterns, NULL));
	print_message("model: %zu appeals, %zu n-grams, threshold %.3f; held back: recall %.3f, false alarms %.3f\n",
		      info.samples, info.features, info.threshold, info.split_recall, info.split_false);
	assert_true(info.threshold > 0 && info.threshold < 1);
	assert_true(info.split_false <= RISK_MODEL_MAX_FALSE);
	for (size_t i = 0; i < sizeof paraphrases / sizeof paraphrases[0]; i++) {
		const char *text = paraphrases[i].text;
		risk_result p, r;
		assert_int_equal(risk_check(patterns, text, a, &p), FQ_OK);
		assert_int_equal(risk_check(l, text, a, &r), FQ_OK);
		if (p.kinds & 1u << paraphrases[i].kind || !(r.kinds & 1u << paraphrases[i].kind)) {
			print_message("paraphrase %zu:\n", i);
			dump(text, &p);
			dump(text, &r);
		}
		assert_false(p.kinds & 1u << paraphrases[i].kind);
		assert_true(r.kinds & 1u << paraphrases[i].kind);
		assert_int_equal(r.level, RISK_HIGH);
		int named = 0;
		for (int h = 0; h < r.n_hits; h++) {
			assert_true(r.hits[h].len > 0);
			assert_memory_equal(text + r.hits[h].off, r.hits[h].word, r.hits[h].len);
			named += risk_kind_flagged(r.hits[h].kind) == paraphrases[i].kind;
		}
		assert_true(named > 0);
	}
	/* the model obeys the negation cues: the strongest evidence denied */
	risk_result r;
	assert_int_equal(risk_check(l, "我不会去北京告，就是想要回钱", a, &r), FQ_OK);
	assert_int_equal(r.level, RISK_NORMAL);
	arena_destroy(a);
	risk_list_free(patterns);
}

/* Learning: bad lines name their corpus and line, a kind with no appeal
 * or no ordinary appeal held back is refused, the list keeps the model it
 * had, the result is deterministic, and every failing allocation is clean. */
static void test_learn(void **state)
{
	(void)state;
	static const char small[] = "self_harm\t我不想活了\nself_harm\t喝药死给你们看\nviolence\t拿刀砍死他\n"
				    "violence\t一把火烧了他家\ngroup\t几十户一起去堵路\ngroup\t大伙拉横幅去县里\n"
				    "escalation\t我要去北京上访\nescalation\t去省里告他们\nnone\t楼上漏水\n"
				    "none\t工资拖欠三个月\n";
	static const char plain[] = "# c\ndispute\tneighbor\t邻居家的狗天天叫\nx\ty\t物业不修电梯\n"
				       "a\tb\t孩子上学远\nq\tr\t路灯坏了\nq\tr\t垃圾没人收\n";
	risk_list *l = NULL;
	assert_int_equal(risk_list_parse("", 0, &l, NULL), FQ_OK);
	fq_error err = {0};
	risk_corpus bad[] = {{small, sizeof small - 1, false, false}, {"none\tx\nsadness\ty\n", 18, false, false}};
	assert_int_equal(risk_list_learn(l, bad, 2, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "第 2 份样本第 2 行"));
	risk_corpus notab[] = {{"none 楼上漏水\n", strlen("none 楼上漏水\n"), false, false}};
	assert_int_equal(risk_list_learn(l, notab, 1, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "第 1 份样本第 1 行"));
	risk_corpus utf[] = {{"none\t\xe8\xb7\n", 8, false, false}};
	assert_int_equal(risk_list_learn(l, utf, 1, &err), FQ_EINVAL);
	/* nothing held back, or a kind missing */
	risk_corpus unheld[] = {{small, sizeof small - 1, false, false}};
	assert_int_equal(risk_list_learn(l, unheld, 1, &err), FQ_EINVAL);
	risk_corpus nokind[] = {{plain, sizeof plain - 1, true, true}};
	assert_int_equal(risk_list_learn(l, nokind, 1, &err), FQ_EINVAL);
	assert_false(risk_list_model(l, NULL));
	assert_int_equal(risk_list_learn(NULL, unheld, 1, &err), FQ_EINVAL);
	risk_corpus good[] = {{small, sizeof small - 1, false, false}, {plain, sizeof plain - 1, true, true}};
	assert_int_equal(risk_list_learn(l, good, 2, &err), FQ_OK);
	risk_model_info one, two;
	assert_true(risk_list_model(l, &one));
	assert_int_equal(one.samples, 15);
	/* a failed learning keeps the model; learning again gives the same */
	assert_int_equal(risk_list_learn(l, bad, 2, &err), FQ_EINVAL);
	assert_true(risk_list_model(l, NULL));
	assert_int_equal(risk_list_learn(l, good, 2, &err), FQ_OK);
	risk_list_model(l, &two);
	assert_memory_equal(&one, &two, sizeof one);
	risk_result r1, r2;
	assert_int_equal(risk_check(l, "我不想活了，拿刀去找他", NULL, &r1), FQ_OK);
	int ok = 0;
	for (long k = 0; k < 400 && !ok; k++) {
		mem_fail_after(k);
		fq_status st = risk_list_learn(l, good, 2, NULL);
		mem_fail_after(-1);
		if (st == FQ_OK)
			ok = 1;
		else
			assert_int_equal(st, FQ_ENOMEM);
		assert_true(risk_list_model(l, NULL));
	}
	assert_true(ok);
	assert_int_equal(risk_check(l, "我不想活了，拿刀去找他", NULL, &r2), FQ_OK);
	assert_int_equal(r1.kinds, r2.kinds);
	/* scoring with a model under failing allocations */
	ok = 0;
	for (long k = 0; k < 40 && !ok; k++) {
		risk_result r;
		mem_fail_after(k);
		fq_status st = risk_check(l, "活着没意思，拿刀找他去", NULL, &r);
		mem_fail_after(-1);
		if (st == FQ_OK) {
			ok = 1;
			assert_int_equal(r.level, RISK_HIGH);
		} else {
			assert_int_equal(st, FQ_ENOMEM);
			assert_int_equal(r.n_hits, 0);
		}
	}
	assert_true(ok);
	risk_list_free(l);
}

typedef struct corpus_score {
	int risky[RISK_KINDS], caught[RISK_KINDS], flagged[RISK_KINDS];
	int ordinary, false_alarms;
} corpus_score;

static int kind_of(const char *s, size_t n)
{
	static const char *const names[] = {"self_harm", "violence", "group", "escalation"};
	for (int k = 0; k < RISK_KINDS; k++)
		if (strlen(names[k]) == n && memcmp(names[k], s, n) == 0)
			return k;
	return n == 4 && memcmp(s, "none", 4) == 0 ? -1 : -2;
}

/* Scores the detector on a kind<TAB>text file: an appeal is caught when
 * its kind is among the kinds flagged (flagged counts any kind). */
static void score_corpus(const risk_list *l, const char *path, const char *name, corpus_score *sc)
{
	memset(sc, 0, sizeof *sc);
	size_t n;
	char *buf = test_slurp(path, &n);
	assert_non_null(buf);
	const char *show = getenv("FQ_RISK_SHOW");
	bool verbose = show && strcmp(show, name) == 0;
	arena *a = arena_create(1 << 20);
	for (char *line = buf, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		if (*line == '#' || !*line)
			continue;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		int kind = kind_of(line, (size_t)(tab - line));
		assert_true(kind >= -1);
		risk_result r;
		assert_int_equal(risk_check(l, tab + 1, a, &r), FQ_OK);
		if (kind >= 0) {
			sc->risky[kind]++;
			sc->caught[kind] += (r.kinds >> kind) & 1u;
			sc->flagged[kind] += r.level == RISK_HIGH;
			if (verbose && !((r.kinds >> kind) & 1u)) {
				print_message("missed %s:", risk_kind_name((enum risk_kind)kind));
				dump(tab + 1, &r);
			}
		} else {
			sc->ordinary++;
			sc->false_alarms += r.level == RISK_HIGH;
			if (verbose && r.level == RISK_HIGH) {
				print_message("false alarm:");
				dump(tab + 1, &r);
			}
		}
	}
	arena_destroy(a);
	free(buf);
	int risky = 0, caught = 0;
	for (int k = 0; k < RISK_KINDS; k++) {
		risky += sc->risky[k];
		caught += sc->caught[k];
		print_message("%s: %-10s recall %.3f (%d/%d; flagged with any kind %d)\n", name,
			      risk_kind_name((enum risk_kind)k), sc->risky[k] ? (double)sc->caught[k] / sc->risky[k] : 0.0,
			      sc->caught[k], sc->risky[k], sc->flagged[k]);
	}
	print_message("%s: all        recall %.3f (%d/%d), false alarms %.1f %% (%d/%d ordinary)\n", name,
		      (double)caught / risky, caught, risky, 100.0 * sc->false_alarms / sc->ordinary, sc->false_alarms,
		      sc->ordinary);
}

/* Counts alarms on a file of ordinary appeals whose text is the last
 * field of each line (the triage sets: flow<TAB>category<TAB>text). */
static void score_ordinary(const risk_list *l, const char *path, const char *name, int *n_ordinary, int *alarms)
{
	size_t n;
	char *buf = test_slurp(path, &n);
	assert_non_null(buf);
	const char *show = getenv("FQ_RISK_SHOW");
	bool verbose = show && strcmp(show, name) == 0;
	for (char *line = buf, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		char *tab = strrchr(line, '\t');
		if (*line == '#' || !tab)
			continue;
		risk_result r;
		assert_int_equal(risk_check(l, tab + 1, NULL, &r), FQ_OK);
		(*n_ordinary)++;
		*alarms += r.level == RISK_HIGH;
		if (verbose && r.level == RISK_HIGH)
			print_message("false alarm: %s\n", tab + 1);
	}
	free(buf);
}

/* The target of issue 11 is recall >= 0.95 for each kind and at most 3 %
 * false alarms on ordinary appeals never seen. The floors below are what
 * the detector honestly reaches on both held-out sets together (0.98 for
 * group and escalation, 1.00 for the others, 1.2 % false alarms when the
 * model was added), rounded down to 0.05: the 0.95. Since the
 * model learns from data/risk/heldout.tsv (which chooses its threshold),
 * data/risk/heldout2.tsv is the one clean measure: its false alarms are
 * held to 3 % on their own too. The tuning set is scored for the figures. */
static void test_heldout(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	corpus_score tune, held1, held2, held;
	score_corpus(l, "data/risk/train.tsv", "train", &tune);
	score_corpus(l, "data/risk/heldout.tsv", "heldout", &held1);
	score_corpus(l, "data/risk/heldout2.tsv", "heldout2", &held2);
	/* the target applies to both held-out sets together */
	held = held1;
	for (int k = 0; k < RISK_KINDS; k++) {
		held.risky[k] += held2.risky[k];
		held.caught[k] += held2.caught[k];
	}
	held.ordinary += held2.ordinary;
	held.false_alarms += held2.false_alarms;
	/* ordinary appeals of the triage sets must not raise alarms either */
	int tri_ordinary = 0, tri_alarms = 0;
	score_ordinary(l, "data/triage/train.tsv", "triage-train", &tri_ordinary, &tri_alarms);
	score_ordinary(l, "data/triage/heldout.tsv", "triage-heldout", &tri_ordinary, &tri_alarms);
	print_message("triage sets: false alarms %.1f %% (%d/%d)\n", 100.0 * tri_alarms / tri_ordinary, tri_alarms,
		      tri_ordinary);
	int risky = 0;
	for (int k = 0; k < RISK_KINDS; k++) {
		risky += held.risky[k];
		assert_true(held1.risky[k] >= 30 && held2.risky[k] >= 30);
		assert_true(held.caught[k] >= 0.95 * held.risky[k]);
	}
	assert_true(risky >= 350);
	assert_true(held1.ordinary >= 300 && held2.ordinary >= 300);
	assert_true(held.false_alarms <= 0.03 * held.ordinary);
	assert_true(held2.false_alarms <= 0.03 * held2.ordinary);
	assert_true(tri_alarms <= 0.03 * tri_ordinary);
	/* The lead's set, written apart from everything the patterns and the
	 * model learnt from and never shown to their authors. */
	corpus_score lead;
	score_corpus(l, "data/risk/heldout_lead.tsv", "heldout_lead", &lead);
	for (int k = 0; k < RISK_KINDS; k++) {
		assert_true(lead.risky[k] >= 40);
		assert_true(lead.caught[k] >= 0.95 * lead.risky[k]);
	}
	assert_true(lead.ordinary >= 200);
	assert_true(lead.false_alarms <= 0.03 * lead.ordinary);
}

/* Microseconds per appeal: the detector runs on every intake. */
static void test_speed(void **state)
{
	(void)state;
	risk_list *l = shipped_list();
	const char *text = "我们村的地去年被征了，补偿款到现在还没发，找了镇里好几次都说在走程序，"
			   "家里老人身体也不好，孩子上学也要钱，实在没办法才来反映，希望领导重视一下";
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int n = 2000;
	for (int i = 0; i < n; i++) {
		risk_result r;
		assert_int_equal(risk_check(l, text, NULL, &r), FQ_OK);
		assert_int_equal(r.level, RISK_NORMAL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / n;
	print_message("risk_check: %.1f us per appeal of %zu bytes (%zu patterns)\n", us, strlen(text),
		      risk_list_size(l));
	assert_true(us < 2000); /* generous: sanitizer builds on a shared machine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positives),
		cmocka_unit_test(test_no_false_alarms),
		cmocka_unit_test(test_crowds),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_many_hits_and_long_text),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_allocation_failures),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_model_paraphrases),
		cmocka_unit_test(test_learn),
		cmocka_unit_test(test_heldout),
		cmocka_unit_test(test_speed),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	risk_list_free(shipped);
	return failed;
}
