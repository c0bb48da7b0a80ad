/* categories.c - the seed categories. Order is the order pickers show. */
#include "core/categories.h"

#include <string.h>

const category_seed categories_seed[] = {
	{"marriage_family", "婚姻家庭", FLOW_DISPUTE, NULL},
	{"neighbor", "邻里纠纷", FLOW_DISPUTE, NULL},
	{"housing_homestead", "房屋宅基地", FLOW_DISPUTE, NULL},
	{"land_contract", "土地承包", FLOW_DISPUTE, NULL},
	{"labor", "劳动争议", FLOW_DISPUTE, NULL},
	{"wage_arrears", "拖欠工资", FLOW_DISPUTE, NULL},
	{"property_mgmt", "物业纠纷", FLOW_DISPUTE, NULL},
	{"traffic", "交通事故", FLOW_DISPUTE, NULL},
	{"medical", "医疗纠纷", FLOW_DISPUTE, NULL},
	{"consumer", "消费纠纷", FLOW_DISPUTE, NULL},
	{"finance_loan", "金融借贷", FLOW_DISPUTE, NULL},
	{"land_acquisition", "征地拆迁", FLOW_PETITION, NULL},
	{"environment", "环境污染", FLOW_LIVELIHOOD, NULL},
	{"business", "生产经营", FLOW_DISPUTE, NULL},
	{"damages", "损害赔偿", FLOW_DISPUTE, NULL},
	{"inheritance_support", "继承赡养", FLOW_DISPUTE, NULL},
	{"village_affairs", "村务管理", FLOW_PETITION, NULL},
	{"public_facility", "公共设施", FLOW_LIVELIHOOD, NULL},
	{"public_security", "治安隐患", FLOW_LIVELIHOOD, NULL},
	{"law_enforcement", "执法司法", FLOW_LITIGATION, NULL},
	{"other", "其他", FLOW_CONSULT, NULL},
	/* Emergencies: answered with the number to call, never queued. */
	{"emergency_crime", "正在发生的违法犯罪", FLOW_NONE, "110"},
	{"emergency_fire", "火灾", FLOW_NONE, "119"},
	{"emergency_injury", "人身受伤急救", FLOW_NONE, "120"},
	{"emergency_traffic_injury", "交通事故有人受伤", FLOW_NONE, "122"},
};
const size_t categories_seed_count = sizeof categories_seed / sizeof categories_seed[0];

bool categories_public_space(const char *code)
{
	/* Keep in step with migration 11, which marks the same codes in
	 * databases made before the flag existed. */
	static const char *const v[] = {"public_facility", "environment"};
	for (size_t i = 0; code && i < sizeof v / sizeof v[0]; i++)
		if (strcmp(v[i], code) == 0)
			return true;
	return false;
}

const category_seed *categories_find(const char *code)
{
	for (size_t i = 0; code && i < categories_seed_count; i++)
		if (strcmp(categories_seed[i].code, code) == 0)
			return &categories_seed[i];
	return NULL;
}

const category_seed *categories_find_name(const char *name)
{
	for (size_t i = 0; name && i < categories_seed_count; i++)
		if (strcmp(categories_seed[i].name, name) == 0)
			return &categories_seed[i];
	return NULL;
}

static const struct {
	const char *name, *label;
} flows[FLOW_COUNT] = {
	[FLOW_NONE] = {"none", "未分流"},
	[FLOW_PETITION] = {"petition", "信访事项"},
	[FLOW_LITIGATION] = {"litigation", "涉法涉诉"},
	[FLOW_DISPUTE] = {"dispute", "民间纠纷"},
	[FLOW_LIVELIHOOD] = {"livelihood", "民生事项"},
	[FLOW_CONSULT] = {"consult", "法律咨询"},
};

enum flow flow_parse(const char *name)
{
	for (int f = FLOW_PETITION; name && f < FLOW_COUNT; f++)
		if (strcmp(flows[f].name, name) == 0)
			return (enum flow)f;
	return FLOW_NONE;
}

const char *flow_name(enum flow f)
{
	return (unsigned)f < FLOW_COUNT ? flows[f].name : "none";
}

const char *flow_value(enum flow f)
{
	return f == FLOW_NONE || (unsigned)f >= FLOW_COUNT ? NULL : flows[f].name;
}

const char *flow_label(enum flow f)
{
	return (unsigned)f < FLOW_COUNT ? flows[f].label : "未分流";
}
