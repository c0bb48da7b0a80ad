/* emergency.c - the emergency detector: danger predicates by service, and
 * the tense, negation and claim cues that tell the present from the past
 * (emergency.h says why).
 *
 * Text is read as bytes: every pattern is whole UTF-8 characters, and a
 * UTF-8 lead byte never equals a continuation byte, so a byte search finds
 * characters only at character boundaries. Sentences end at 。！？ and line
 * breaks, clauses also at commas, semicolons and spaces. */
#include "core/emergency.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum strength { WEAK, STRONG };

typedef struct pred {
	const char *pat; /* "A" or "A*B": B follows A within the sentence, at most GAP bytes apart */
	emergency_service svc;
	enum strength strength;
} pred;

#define GAP 36 /* about 12 Chinese characters */

/* Predicates of danger. STRONG ones describe a state that is ongoing
 * when it is told (着火了, 被困): they count unless the time is past or the
 * text is a claim. WEAK ones are as often told of the past (被打, 晕倒):
 * they need a present cue or an urgent call. */
static const pred preds[] = {
	/* 110: violence and crime in progress */
	{"砍人", EMERGENCY_POLICE, STRONG},
	{"捅人", EMERGENCY_POLICE, STRONG},
	{"乱砍", EMERGENCY_POLICE, STRONG},
	{"乱捅", EMERGENCY_POLICE, STRONG},
	{"乱挥", EMERGENCY_POLICE, STRONG},
	{"行凶", EMERGENCY_POLICE, STRONG},
	{"持刀", EMERGENCY_POLICE, STRONG},
	{"持枪", EMERGENCY_POLICE, STRONG},
	{"拿着*刀", EMERGENCY_POLICE, STRONG},
	{"拿刀", EMERGENCY_POLICE, STRONG},
	{"拿着*斧", EMERGENCY_POLICE, STRONG},
	{"拿着*棍", EMERGENCY_POLICE, STRONG},
	{"拿着*钢管", EMERGENCY_POLICE, STRONG},
	{"拿着*锤", EMERGENCY_POLICE, STRONG},
	{"拿着汽油", EMERGENCY_POLICE, STRONG},
	{"泼汽油", EMERGENCY_POLICE, STRONG},
	{"刀架在", EMERGENCY_POLICE, STRONG},
	{"抢劫", EMERGENCY_POLICE, STRONG},
	{"打劫", EMERGENCY_POLICE, STRONG},
	{"绑架", EMERGENCY_POLICE, WEAK},
	{"绑走", EMERGENCY_POLICE, STRONG},
	{"撕票", EMERGENCY_POLICE, STRONG},
	{"劫持", EMERGENCY_POLICE, STRONG},
	{"械斗", EMERGENCY_POLICE, STRONG},
	{"围殴", EMERGENCY_POLICE, STRONG},
	{"群殴", EMERGENCY_POLICE, STRONG},
	{"打群架", EMERGENCY_POLICE, STRONG},
	{"围着*打", EMERGENCY_POLICE, STRONG},
	{"按在地上打", EMERGENCY_POLICE, STRONG},
	{"堵在*打", EMERGENCY_POLICE, STRONG},
	{"在打我", EMERGENCY_POLICE, STRONG},
	{"在打人", EMERGENCY_POLICE, STRONG},
	{"在打孩子", EMERGENCY_POLICE, STRONG},
	{"打人了", EMERGENCY_POLICE, STRONG},
	{"正打着", EMERGENCY_POLICE, STRONG},
	{"家暴", EMERGENCY_POLICE, WEAK},
	{"打我", EMERGENCY_POLICE, WEAK},
	{"打人", EMERGENCY_POLICE, WEAK},
	{"被打", EMERGENCY_POLICE, WEAK},
	{"打起来了", EMERGENCY_POLICE, WEAK},
	{"打架", EMERGENCY_POLICE, WEAK},
	{"动手", EMERGENCY_POLICE, WEAK},
	{"进贼", EMERGENCY_POLICE, STRONG},
	{"进小偷", EMERGENCY_POLICE, STRONG},
	{"小偷正在", EMERGENCY_POLICE, STRONG},
	{"正在偷", EMERGENCY_POLICE, STRONG},
	{"在偷", EMERGENCY_POLICE, WEAK},
	{"偷挖", EMERGENCY_POLICE, WEAK},
	{"撬", EMERGENCY_POLICE, WEAK},
	{"闯进", EMERGENCY_POLICE, STRONG},
	{"冲进*家", EMERGENCY_POLICE, STRONG},
	{"冲进*院", EMERGENCY_POLICE, STRONG},
	{"翻东西", EMERGENCY_POLICE, WEAK},
	{"砸门", EMERGENCY_POLICE, STRONG},
	{"踹门", EMERGENCY_POLICE, STRONG},
	{"在砸", EMERGENCY_POLICE, STRONG},
	{"砸东西", EMERGENCY_POLICE, WEAK},
	{"砸*玻璃", EMERGENCY_POLICE, WEAK},
	{"抢小孩", EMERGENCY_POLICE, STRONG},
	{"抢孩子", EMERGENCY_POLICE, STRONG},
	{"抢了我", EMERGENCY_POLICE, WEAK},
	{"往车里塞", EMERGENCY_POLICE, STRONG},
	{"拉上*车", EMERGENCY_POLICE, WEAK},
	{"带走", EMERGENCY_POLICE, WEAK},
	{"关在*出不去", EMERGENCY_POLICE, STRONG},
	{"锁在*屋", EMERGENCY_POLICE, STRONG},
	{"锁在*里", EMERGENCY_POLICE, STRONG},
	{"被人砸了", EMERGENCY_POLICE, WEAK},
	{"动手打人", EMERGENCY_POLICE, WEAK},
	{"在强拆", EMERGENCY_POLICE, WEAK},
	{"强行拆", EMERGENCY_POLICE, STRONG},
	{"被关着", EMERGENCY_POLICE, STRONG},
	{"不让我走", EMERGENCY_POLICE, STRONG},
	{"绑在", EMERGENCY_POLICE, STRONG},
	{"要杀了我", EMERGENCY_POLICE, WEAK},
	{"弄死我", EMERGENCY_POLICE, WEAK},
	{"杀人", EMERGENCY_POLICE, WEAK},
	{"烧死", EMERGENCY_POLICE, WEAK},
	{"猥亵", EMERGENCY_POLICE, WEAK},
	{"强奸", EMERGENCY_POLICE, WEAK},
	{"一直摸", EMERGENCY_POLICE, STRONG},
	{"追着*跑", EMERGENCY_POLICE, WEAK},
	{"救我", EMERGENCY_POLICE, WEAK},
	{"在追", EMERGENCY_POLICE, WEAK},
	{"强拆", EMERGENCY_POLICE, WEAK},
	{"在咬", EMERGENCY_POLICE, WEAK},

	/* 119: fire, explosion, gas, trapped, water */
	{"着火了", EMERGENCY_FIRE, STRONG},
	{"着火啦", EMERGENCY_FIRE, STRONG},
	{"起火了", EMERGENCY_FIRE, STRONG},
	{"失火了", EMERGENCY_FIRE, STRONG},
	{"着大火", EMERGENCY_FIRE, STRONG},
	{"起大火", EMERGENCY_FIRE, STRONG},
	{"火很大", EMERGENCY_FIRE, STRONG},
	{"火越", EMERGENCY_FIRE, STRONG},
	{"火势", EMERGENCY_FIRE, STRONG},
	{"火苗", EMERGENCY_FIRE, STRONG},
	{"火蛇", EMERGENCY_FIRE, STRONG},
	{"火还在", EMERGENCY_FIRE, STRONG},
	{"烧起来了", EMERGENCY_FIRE, STRONG},
	{"烧着了", EMERGENCY_FIRE, STRONG},
	{"点着了", EMERGENCY_FIRE, STRONG},
	{"着起来了", EMERGENCY_FIRE, STRONG},
	{"烧过来了", EMERGENCY_FIRE, STRONG},
	{"烧到*了", EMERGENCY_FIRE, WEAK},
	{"浓烟", EMERGENCY_FIRE, STRONG},
	{"全是烟", EMERGENCY_FIRE, STRONG},
	{"都是烟", EMERGENCY_FIRE, STRONG},
	{"冒*烟", EMERGENCY_FIRE, WEAK},
	{"冒大烟", EMERGENCY_FIRE, STRONG},
	{"冒黑烟", EMERGENCY_FIRE, STRONG},
	{"冒火花", EMERGENCY_FIRE, STRONG},
	{"冒火", EMERGENCY_FIRE, STRONG},
	{"着火", EMERGENCY_FIRE, WEAK},
	{"起火", EMERGENCY_FIRE, WEAK},
	{"失火", EMERGENCY_FIRE, WEAK},
	{"火灾", EMERGENCY_FIRE, WEAK},
	{"爆炸了", EMERGENCY_FIRE, STRONG},
	{"爆炸", EMERGENCY_FIRE, WEAK},
	{"炸了", EMERGENCY_FIRE, WEAK},
	{"巨响", EMERGENCY_FIRE, WEAK},
	{"泄漏了", EMERGENCY_FIRE, STRONG},
	{"泄漏", EMERGENCY_FIRE, WEAK},
	{"漏气了", EMERGENCY_FIRE, STRONG},
	{"漏气", EMERGENCY_FIRE, WEAK},
	{"煤气味", EMERGENCY_FIRE, STRONG},
	{"燃气味", EMERGENCY_FIRE, STRONG},
	{"天然气味", EMERGENCY_FIRE, STRONG},
	{"往外冒气", EMERGENCY_FIRE, STRONG},
	{"往外喷气", EMERGENCY_FIRE, STRONG},
	{"在往外喷", EMERGENCY_FIRE, STRONG},
	{"被困", EMERGENCY_FIRE, STRONG},
	{"困在", EMERGENCY_FIRE, STRONG},
	{"下不去", EMERGENCY_FIRE, WEAK},
	{"下不来", EMERGENCY_FIRE, WEAK},
	{"卡在*里", EMERGENCY_FIRE, WEAK},
	{"卡在*中间", EMERGENCY_FIRE, STRONG},
	{"拔不出来", EMERGENCY_FIRE, STRONG},
	{"落水", EMERGENCY_FIRE, STRONG},
	{"掉进*水", EMERGENCY_FIRE, WEAK},
	{"掉进*河", EMERGENCY_FIRE, WEAK},
	{"掉进*井", EMERGENCY_FIRE, WEAK},
	{"掉进*里了", EMERGENCY_FIRE, STRONG},
	{"掉水里", EMERGENCY_FIRE, STRONG},
	{"掉进水里", EMERGENCY_FIRE, STRONG},
	{"被水围", EMERGENCY_FIRE, STRONG},
	{"被大水围", EMERGENCY_FIRE, STRONG},
	{"水已经漫到", EMERGENCY_FIRE, STRONG},
	{"滑坡", EMERGENCY_FIRE, WEAK},
	{"埋了", EMERGENCY_FIRE, WEAK},
	{"塌了*人", EMERGENCY_FIRE, WEAK},

	/* 120: life in danger now */
	{"叫不醒", EMERGENCY_MEDICAL, STRONG},
	{"叫不应", EMERGENCY_MEDICAL, STRONG},
	{"昏迷", EMERGENCY_MEDICAL, WEAK},
	{"昏过去", EMERGENCY_MEDICAL, STRONG},
	{"晕过去", EMERGENCY_MEDICAL, STRONG},
	{"晕倒", EMERGENCY_MEDICAL, WEAK},
	{"不省人事", EMERGENCY_MEDICAL, STRONG},
	{"没有呼吸", EMERGENCY_MEDICAL, STRONG},
	{"没呼吸", EMERGENCY_MEDICAL, STRONG},
	{"没气了", EMERGENCY_MEDICAL, STRONG},
	{"没有心跳", EMERGENCY_MEDICAL, STRONG},
	{"没心跳", EMERGENCY_MEDICAL, STRONG},
	{"喘不上气", EMERGENCY_MEDICAL, WEAK},
	{"喘不过气", EMERGENCY_MEDICAL, WEAK},
	{"上不来气", EMERGENCY_MEDICAL, WEAK},
	{"吐白沫", EMERGENCY_MEDICAL, STRONG},
	{"抽搐", EMERGENCY_MEDICAL, STRONG},
	{"翻白眼", EMERGENCY_MEDICAL, STRONG},
	{"割腕", EMERGENCY_MEDICAL, WEAK},
	{"流了好多血", EMERGENCY_MEDICAL, STRONG},
	{"流了很多血", EMERGENCY_MEDICAL, STRONG},
	{"血流了一地", EMERGENCY_MEDICAL, STRONG},
	{"血流不止", EMERGENCY_MEDICAL, STRONG},
	{"止不住", EMERGENCY_MEDICAL, WEAK},
	{"在流血", EMERGENCY_MEDICAL, STRONG},
	{"一直流血", EMERGENCY_MEDICAL, STRONG},
	{"血一直", EMERGENCY_MEDICAL, STRONG},
	{"往外喷", EMERGENCY_MEDICAL, WEAK},
	{"吐血", EMERGENCY_MEDICAL, WEAK},
	{"出血", EMERGENCY_MEDICAL, WEAK},
	{"喝了农药", EMERGENCY_MEDICAL, WEAK},
	{"喝农药", EMERGENCY_MEDICAL, WEAK},
	{"喝药了", EMERGENCY_MEDICAL, STRONG},
	{"安眠药", EMERGENCY_MEDICAL, WEAK},
	{"吞了", EMERGENCY_MEDICAL, WEAK},
	{"吃了一*瓶*药", EMERGENCY_MEDICAL, WEAK},
	{"误喝", EMERGENCY_MEDICAL, WEAK},
	{"误食", EMERGENCY_MEDICAL, WEAK},
	{"中毒", EMERGENCY_MEDICAL, WEAK},
	{"过量", EMERGENCY_MEDICAL, WEAK},
	{"心脏病*犯", EMERGENCY_MEDICAL, WEAK},
	{"心脏病发作", EMERGENCY_MEDICAL, WEAK},
	{"人不行了", EMERGENCY_MEDICAL, STRONG},
	{"人快不行了", EMERGENCY_MEDICAL, STRONG},
	{"一直在吐", EMERGENCY_MEDICAL, STRONG},
	{"吞了*电池", EMERGENCY_MEDICAL, STRONG},
	{"不动了", EMERGENCY_MEDICAL, STRONG},
	{"不会动", EMERGENCY_MEDICAL, STRONG},
	{"一动不动", EMERGENCY_MEDICAL, STRONG},
	{"没反应", EMERGENCY_MEDICAL, WEAK},
	{"没动静", EMERGENCY_MEDICAL, WEAK},
	{"躺在地上不动", EMERGENCY_MEDICAL, STRONG},
	{"说不出话", EMERGENCY_MEDICAL, WEAK},
	{"动不了", EMERGENCY_MEDICAL, WEAK},
	{"噎住", EMERGENCY_MEDICAL, STRONG},
	{"卡住", EMERGENCY_MEDICAL, WEAK},
	{"还有气", EMERGENCY_MEDICAL, STRONG},
	{"烫*皮都掉", EMERGENCY_MEDICAL, STRONG},
	{"溺水", EMERGENCY_MEDICAL, WEAK},
	{"口吐", EMERGENCY_MEDICAL, WEAK},
	{"脸色发紫", EMERGENCY_MEDICAL, STRONG},
	{"嘴唇发紫", EMERGENCY_MEDICAL, STRONG},
	{"掉下来*不动", EMERGENCY_MEDICAL, STRONG},
	{"掉下来了", EMERGENCY_MEDICAL, WEAK},
	{"摔下来", EMERGENCY_MEDICAL, WEAK},
	{"上吐下泻", EMERGENCY_MEDICAL, WEAK},
	{"绞了", EMERGENCY_MEDICAL, WEAK},
};

/* Traffic: a crash (T) and, in the same or the next sentence, a person
 * hurt (I). */
static const char *const crash[] = {
	"车祸", "撞了", "撞倒", "撞翻", "撞上", "撞到", "撞车", "撞烂", "追尾", "侧翻", "翻车", "翻到",
	"被车撞", "撞飞", "翻了", "轧", "碾", "卷到车", "别倒", "刮倒", "撞了人", "撞伤", NULL,
};
typedef struct hurt {
	const char *pat;
	enum strength strength;
} hurt;
static const hurt hurts[] = {
	{"躺在地上", STRONG}, {"倒在地上", STRONG}, {"躺在路上", STRONG}, {"躺在马路上", STRONG},
	{"不动", STRONG},     {"满头是血", STRONG}, {"满脸是血", STRONG}, {"流血", STRONG},
	{"卡在车里", STRONG}, {"压在", STRONG},     {"压着", STRONG},     {"压住", STRONG},
	{"出不来", STRONG},   {"车底下", STRONG},   {"车轮底下", STRONG}, {"没动静", STRONG},
	{"飞出去", STRONG},   {"哭不出来", STRONG}, {"都倒了", STRONG},   {"喊救命", STRONG},
	{"有人受伤", WEAK},   {"受伤", WEAK},       {"伤了", WEAK},       {"骨折", WEAK},
	{"腿断", WEAK},       {"断了", WEAK},       {"动不了", WEAK},     {"还有孩子", WEAK},
	{"里面有人", STRONG}, {"撞了几个", STRONG}, {"撞了好几个", STRONG}, {"还在地上", STRONG},
	{"一片混乱", WEAK},   {"血", STRONG},       {"躺着", STRONG},
};

/* Figurative or harmless uses of the danger words: a predicate overlapping
 * one of these is not a danger. */
static const char *const figurative[] = {
	"炸了锅", "气炸", "炸锅", "火气", "火大", "发火", "上火", "火爆", "火锅", "火急火燎", "火箭",
	"救火队", "烟熏火燎", "火药味", "卖火了", "打官司", "打工", "打牌", "打折", "打电话", "打麻将",
	"砍价", "砍树", "砍了我们两家", "救命钱", "救命稻草", "压得喘不过气", "喘不过气来", "打疫苗", "打针",
	"打井", "打游戏", "带走了孩子的户口", "绑在一起", "撬开", "卡住了脖子", "吞了我的", "过量施工",
	"动手术", "被困在债", "困在这", "抢了我的生意", "带走调查", "拿刀吓唬", "厂子快不行",
};

static const char *const past_cues[] = {
	"去年", "前年", "上个月", "上月", "上周", "上星期", "上礼拜", "上次", "上回", "以前", "之前", "从前",
	"当时", "那次", "那回", "那年", "那天", "那时", "当年", "当初", "早年", "年前", "月前", "天前",
	"周前", "星期前", "礼拜前", "曾经", "前几天", "前些天", "前段时间", "前阵子", "前些年", "前几年",
	"年初", "上半年", "下半年", "昨天", "昨晚", "前天", "小时候", "后来", "年间", "生前", "事后",
	"那阵", "那会儿", "年底", "冬天", "夏天", "秋天", "春天", "已经过去", "早些年", "多年",
};
static const char *const now_cues[] = {
	"正在", "现在", "刚刚", "刚才", "刚被", "刚把", "刚出", "刚发生", "此刻", "此时", "眼下",
	"马上", "赶紧", "快来", "快点", "还在", "仍在", "一直在", "正打", "着呢", "这会儿", "救命",
	"快报警", "快救",
};
static const char *const urgent[] = {
	"救命", "快来", "快救", "救救", "来人啊", "快来人", "快叫", "赶紧来", "快点来", "快报警", "求救",
	"快来救",
};
/* Words of an appeal about something that has happened: compensation,
 * procedure, a question to the platform. */
static const char *const claims[] = {
	"赔", "要求", "说法", "医药费", "起诉", "判决", "判了", "调解", "保险", "认定", "鉴定", "报销",
	"补偿", "补助", "负责", "责任", "不认", "投诉", "退钱", "不退", "能不能", "合法吗", "怎么办",
	"律师", "证据", "申请", "处理", "误工费", "损失", "立案", "立了案", "派出所说", "拘留", "维修",
	"讨个", "一直没", "到现在", "至今", "还没给", "不给", "补办", "请有关部门", "希望", "建议",
	/* the aftermath of a fire or a nuisance, told to complain */
	"烧了一", "烧了半", "烧了两", "烧毁", "烧坏", "烧掉了", "全完了", "说是", "意外", "烧垃圾", "烧烤",
	"烟味", "熏", "钱", "反映", "认为",
};
static const char *const negations[] = {"没有", "没", "未", "不是", "并未", "不会", "别", "无"};
static const char *const hypothetical[] = {
	"万一", "如果", "要是", "一旦", "怕", "担心", "害怕", "早晚", "迟早", "会不会", "容易", "随时",
	"可能", "总有一天", "以防", "防止", "差点", "差一点", "险些", "预防", "小心", "以免", "说要",
	"威胁", "扬言要", "吓唬",
};
/* Before a predicate in its sentence: it happens again and again, a
 * nuisance to complain of rather than an emergency. */
static const char *const habitual[] = {
	"经常", "常年", "天天", "每天", "老是", "总是", "常常", "动不动", "一到", "每次", "每年", "时不时",
	"三天两头", "整天", "一烧",
};
/* After a predicate in its sentence: it happened just now (刚刚的事). */
static const char *const post_now[] = {
	"刚刚", "刚才", "正在", "还没走", "还在追", "还在打", "还在砸", "还在烧", "还在地上", "还在路上",
};
/* After a predicate: it names the time of something else (着火那天). */
static const char *const subordinate[] = {
	"的时候", "那天", "那次", "那年", "以后", "之后", "后", "时", "的事", "过", "的那", "事故",
	"案", "那件",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct span {
	const char *b, *e;
} span;

static bool is_sentence_end(const char *p, size_t *len)
{
	static const char *const ends[] = {"。", "！", "？", "!", "?", "\n", "\r", "…"};
	for (size_t i = 0; i < N(ends); i++) {
		size_t n = strlen(ends[i]);
		if (strncmp(p, ends[i], n) == 0) {
			*len = n;
			return true;
		}
	}
	return false;
}

static bool is_clause_end(const char *p, size_t *len)
{
	static const char *const ends[] = {"，", "、", "；", "：", ",", ";", ":", " ", "\t", "～", "~", "（", "）"};
	if (is_sentence_end(p, len))
		return true;
	for (size_t i = 0; i < N(ends); i++) {
		size_t n = strlen(ends[i]);
		if (strncmp(p, ends[i], n) == 0) {
			*len = n;
			return true;
		}
	}
	return false;
}

/* First occurrence of pat in [b, e), or NULL. */
static const char *find(const char *b, const char *e, const char *pat, size_t n)
{
	for (const char *p = b; p + n <= e; p++)
		if (memcmp(p, pat, n) == 0)
			return p;
	return NULL;
}

static bool contains(const char *b, const char *e, const char *pat)
{
	return b < e && find(b, e, pat, strlen(pat)) != NULL;
}

static bool any_in(const char *b, const char *e, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (contains(b, e, list[i]))
			return true;
	return false;
}

/* Matches "A" or "A*B" at or after from inside sentence s. */
static bool match(const char *pat, span s, const char *from, span *m)
{
	const char *star = strchr(pat, '*');
	size_t na = star ? (size_t)(star - pat) : strlen(pat);
	const char *p = find(from, s.e, pat, na);
	if (!p)
		return false;
	m->b = p;
	m->e = p + na;
	if (!star)
		return true;
	const char *bpat = star + 1;
	const char *limit = m->e + GAP < s.e ? m->e + GAP : s.e;
	const char *q = find(m->e, limit, bpat, strlen(bpat));
	if (!q)
		return false;
	m->e = q + strlen(bpat);
	return true;
}

/* Clause boundaries around p. */
static span clause_of(const char *text, const char *end, const char *p)
{
	span c = {text, end};
	for (const char *q = text; q < p;) {
		size_t n;
		if (is_clause_end(q, &n)) {
			q += n;
			c.b = q;
		} else {
			q++;
		}
	}
	for (const char *q = p; q < end; q++) {
		size_t n;
		if (is_clause_end(q, &n)) {
			c.e = q;
			break;
		}
	}
	return c;
}

/* A date told as digits: "2023年", "3月5号", "3月5日". */
static bool date_before(const char *text, const char *upto)
{
	for (const char *p = text; p + 3 <= upto; p++) {
		if (p > text && p[-1] >= '0' && p[-1] <= '9' &&
		    (strncmp(p, "年", 3) == 0 || strncmp(p, "号", 3) == 0 || strncmp(p, "日", 3) == 0))
			return true;
	}
	return false;
}

enum tense { TENSE_NONE, TENSE_PAST, TENSE_NOW };

/* The last tense cue that begins before the predicate ends decides; a
 * present cue later in the predicate's own clause (火还在烧) makes it now. */
static enum tense tense_at(const char *text, span m, span clause)
{
	const char *last_past = NULL, *last_now = NULL;
	for (size_t i = 0; i < N(past_cues); i++) {
		size_t n = strlen(past_cues[i]);
		for (const char *p = text; (p = find(p, m.e, past_cues[i], n)); p++)
			if (!last_past || p > last_past)
				last_past = p;
	}
	for (size_t i = 0; i < N(now_cues); i++) {
		size_t n = strlen(now_cues[i]);
		for (const char *p = text; (p = find(p, m.e, now_cues[i], n)); p++)
			if (!last_now || p > last_now)
				last_now = p;
	}
	if (any_in(m.e, clause.e, now_cues, N(now_cues)))
		return TENSE_NOW;
	if (!last_past && date_before(text, m.b))
		last_past = text;
	if (last_past && (!last_now || last_past > last_now))
		return TENSE_PAST;
	return last_now ? TENSE_NOW : TENSE_NONE;
}

static bool overlaps_figurative(span m, span s)
{
	for (size_t i = 0; i < N(figurative); i++) {
		size_t n = strlen(figurative[i]);
		const char *from = m.b - n > s.b ? m.b - n : s.b;
		for (const char *p = from; (p = find(p, s.e, figurative[i], n)) && p < m.e; p++)
			if (p + n > m.b)
				return true;
	}
	return false;
}

/* Negated (没着火), hypothetical (万一着火) or subordinate (着火那天)? */
static bool not_real(span m, span clause, span sentence)
{
	if (any_in(sentence.b, m.b, habitual, N(habitual)))
		return true;
	const char *w = m.b - 9 > clause.b ? m.b - 9 : clause.b;
	for (size_t i = 0; i < N(negations); i++) {
		size_t n = strlen(negations[i]);
		const char *p = find(w, m.b, negations[i], n);
		if (p && p + n <= m.b)
			return true;
	}
	if (any_in(clause.b, m.b, hypothetical, N(hypothetical)))
		return true;
	if (m.b - clause.b >= 3 && strncmp(m.b - 3, "会", 3) == 0)
		return true;
	for (size_t i = 0; i < N(subordinate); i++) {
		size_t n = strlen(subordinate[i]);
		if (m.e + n <= clause.e && strncmp(m.e, subordinate[i], n) == 0) {
			/* 过来 / 过去 are directions, not the experiential 过. */
			if (strcmp(subordinate[i], "过") == 0 &&
			    (strncmp(m.e + n, "来", 3) == 0 || strncmp(m.e + n, "去", 3) == 0))
				continue;
			if (strcmp(subordinate[i], "后") == 0 && (strncmp(m.e + n, "面", 3) == 0 || strncmp(m.e + n, "边", 3) == 0))
				continue;
			return true;
		}
	}
	return false;
}

typedef struct ctx {
	const char *text, *end;
	bool urgent, claim;
} ctx;

/* seen_hurt: a person is seen hurt in the sentence (满脸是血), which
 * makes a weak predicate of violence as good as a strong one. */
static bool counts(const ctx *c, span m, span s, enum strength strength, bool seen_hurt, emergency_service svc)
{
	if (overlaps_figurative(m, s))
		return false;
	span cl = clause_of(c->text, c->end, m.b);
	if (not_real(m, cl, s))
		return false;
	switch (tense_at(c->text, m, cl)) {
	case TENSE_PAST:
		return false;
	case TENSE_NOW:
		return true;
	case TENSE_NONE:
		break;
	}
	if (c->urgent || any_in(m.e, s.e, post_now, N(post_now)))
		return true;
	return (strength == STRONG || (seen_hurt && svc == EMERGENCY_POLICE)) && !c->claim;
}

static span next_sentence(const char *p, const char *end)
{
	span s = {p, end};
	for (const char *q = p; q < end; q++) {
		size_t n;
		if (is_sentence_end(q, &n)) {
			s.e = q;
			break;
		}
	}
	return s;
}

/* Whether a person hurt is told in [b, e) (the crash's sentence and the
 * next), not negated, and how strongly. */
static bool hurt_in(const ctx *c, span s, const char *b, const char *e, enum strength *st)
{
	for (size_t i = 0; i < N(hurts); i++) {
		size_t n = strlen(hurts[i].pat);
		for (const char *p = b; (p = find(p, e, hurts[i].pat, n)); p++) {
			span m = {p, p + n};
			span cl = clause_of(c->text, c->end, p);
			const char *w = p - 9 > cl.b ? p - 9 : cl.b;
			bool neg = false;
			for (size_t k = 0; k < N(negations) && !neg; k++) {
				const char *q = find(w, p, negations[k], strlen(negations[k]));
				neg = q && q + strlen(negations[k]) <= p;
			}
			(void)s;
			(void)m;
			if (!neg) {
				*st = hurts[i].strength;
				return true;
			}
		}
	}
	return false;
}

const char *emergency_call(emergency_service s)
{
	switch (s) {
	case EMERGENCY_POLICE:
		return "110";
	case EMERGENCY_FIRE:
		return "119";
	case EMERGENCY_MEDICAL:
		return "120";
	case EMERGENCY_TRAFFIC:
		return "122";
	case EMERGENCY_NONE:
		break;
	}
	return NULL;
}

const char *emergency_message(emergency_service s)
{
	switch (s) {
	case EMERGENCY_POLICE:
		return "您描述的情况可能正在危及人身或财产安全，请立即拨打 110 报警。本平台不能出警，也不受理紧急求助。";
	case EMERGENCY_FIRE:
		return "您描述的情况可能是火灾、爆炸、燃气泄漏或有人被困，请立即拨打 119。本平台不受理紧急求助。";
	case EMERGENCY_MEDICAL:
		return "您描述的情况可能危及生命，请立即拨打 120 急救电话。本平台不受理紧急求助。";
	case EMERGENCY_TRAFFIC:
		return "您描述的可能是有人受伤的交通事故，请立即拨打 122（伤势严重同时拨打 120）。本平台不受理紧急求助。";
	case EMERGENCY_NONE:
		break;
	}
	return NULL;
}

/* Which service wins when several hit: a crash with people hurt goes to
 * 122 and a fire to 119 whatever else is said; violence before medicine,
 * since the police bring the ambulance. */
static int rank(emergency_service s)
{
	switch (s) {
	case EMERGENCY_TRAFFIC:
		return 4;
	case EMERGENCY_FIRE:
		return 3;
	case EMERGENCY_POLICE:
		return 2;
	case EMERGENCY_MEDICAL:
		return 1;
	case EMERGENCY_NONE:
		break;
	}
	return 0;
}

emergency_service emergency_detect(const char *text, emergency_result *out)
{
	out->service = EMERGENCY_NONE;
	out->call = NULL;
	out->cue = NULL;
	if (!text)
		return EMERGENCY_NONE;
	ctx c = {.text = text, .end = text + strlen(text)};
	for (size_t i = 0; i < N(urgent) && !c.urgent; i++) {
		const char *p = strstr(text, urgent[i]);
		c.urgent = p && strncmp(p, "救命钱", strlen("救命钱")) != 0 && strncmp(p, "救命稻草", strlen("救命稻草")) != 0;
	}
	c.claim = any_in(c.text, c.end, claims, N(claims));

	emergency_service best = EMERGENCY_NONE;
	const char *cue = NULL;
	for (const char *p = text; p < c.end;) {
		span s = next_sentence(p, c.end);
		enum strength hs = WEAK;
		bool hurt_here = hurt_in(&c, s, s.b, s.e, &hs) && hs == STRONG;
		for (size_t i = 0; i < N(preds); i++) {
			if (rank(preds[i].svc) <= rank(best))
				continue;
			span m;
			for (const char *from = s.b; match(preds[i].pat, s, from, &m); from = m.b + 1) {
				if (counts(&c, m, s, preds[i].strength, hurt_here, preds[i].svc)) {
					best = preds[i].svc;
					cue = preds[i].pat;
					break;
				}
			}
		}
		for (size_t i = 0; crash[i] && rank(best) < rank(EMERGENCY_TRAFFIC); i++) {
			size_t n = strlen(crash[i]);
			for (const char *q = s.b; (q = find(q, s.e, crash[i], n)); q++) {
				span m = {q, q + n};
				size_t el = 0;
				if (s.e < c.end)
					(void)is_sentence_end(s.e, &el);
				span after = next_sentence(s.e + el, c.end);
				enum strength st;
				if (!hurt_in(&c, s, s.b, after.e, &st))
					continue;
				(void)st; /* a crash with someone hurt is never weak */
				if (counts(&c, m, s, STRONG, false, EMERGENCY_TRAFFIC)) {
					best = EMERGENCY_TRAFFIC;
					cue = crash[i];
					break;
				}
			}
		}
		size_t n;
		p = s.e;
		if (p < c.end && is_sentence_end(p, &n))
			p += n;
		else if (p < c.end)
			p++;
	}
	out->service = best;
	out->call = emergency_call(best);
	out->cue = cue;
	return best;
}
