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
/* Lexicons the predicates compose (groups of a pattern, see match()). */
#define HOLD "拿着|拿|举着|挥着|提着|拎着|持|抡着|抄着|握着|端着|掏出|扛着|带着"
#define WEAPON "刀|枪|棍|棒|斧|锤|钢管|铁棍|铁锹|镐|弩|匕首|酒瓶|砖头|铁链|扳手|汽油|硫酸|镰"
#define HITV "打|砍|捅|踢|揍|踹|掐|砸|殴|扎"
#define VICTIM "人|我|俺|他|她|孩子|小孩|老人|老头|老太太|女的|男的|学生|小伙|姑娘|一个"
#define GROUP "两伙|两帮|一伙|一帮|一群|一大帮|好几个人|几个人|十几个人|几十个人|二十多个人|一群人|好多人"
#define SEIZE "抱走|拉走|拽走|拐走|掳走|抢走|抱跑|拖走|扛走|带走|拽上|拉上|塞进|塞上|拖上"
#define WATER "井|河|水里|湖|塘|冰窟窿|冰窟|化粪池|粪坑|粪池|水库|渠|窨井|下水道|深坑|坑里|海里|江里|沟里|池子"
#define FALLV "掉|跌|落|滑|摔|栽|掉进|掉到|跌进|落入|滑进|摔进|掉下"
#define GAS "煤气|燃气|天然气|液化气|氨气|毒气|氯气|沼气|硫化氢"
#define FIREOBJ "垛|房|屋|车|棚|库|楼|店|厂|林|山|草|堆|烟囱|电线|线路|锅|柜|厨房|阳台|仓|车间|宿舍|走廊|楼道|货|罐"
#define DRUG "药|安眠药|降压药|农药|百草枯|敌敌畏|老鼠药|鼠药|除草剂|消毒水|消毒液|洗洁精|酒精|84"
#define DROWSY "昏昏沉沉|迷迷糊糊|昏睡|叫不太醒|叫不醒|喊不醒|没知觉|不省人事|睡着了叫不|一直睡"
#define BLEED "止不住|流不停|哗哗|直流|往外冒|往外流|往外涌|往外喷|一直流|一直在流|不停地流|止不了"

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

	{HOLD "*" WEAPON, EMERGENCY_POLICE, STRONG},
	{"往死里打|往死里踢|往死里揍", EMERGENCY_POLICE, STRONG},
	{"正在|正|还在|在+" HITV "+" VICTIM, EMERGENCY_POLICE, STRONG},
	{"打|揍|踢|砍|围|堵+一个|着一个", EMERGENCY_POLICE, STRONG},
	{GROUP "*打|干仗|干架|干起来|互砍|对砍|殴|斗|砍", EMERGENCY_POLICE, STRONG},
	{"见人就打|见人就砍|见人就砸|见人就捅|见人就扎|追着人砍|追着人打|追着砍|追着打|追着人", EMERGENCY_POLICE, STRONG},
	{"按|摁|压+在地上|地上*打|踢|揍|捶", EMERGENCY_POLICE, STRONG},
	{"堵住|堵着|揪着|拽着|薅着*打|揍|踢|砸", EMERGENCY_POLICE, STRONG},
	{"在挨打|正挨打|挨揍", EMERGENCY_POLICE, STRONG},
	{"干仗|干起来了|干架", EMERGENCY_POLICE, WEAK},
	{"揍|踢我|踢他|打俺|打得", EMERGENCY_POLICE, WEAK},
	{"陌生人|不认识的*抱|拉|拽|带|拖|抢|拐", EMERGENCY_POLICE, STRONG},
	{"孩子|闺女|儿子|小孩|女儿|娃|小女孩|小男孩*" SEIZE, EMERGENCY_POLICE, STRONG},
	{"往车上拉|往车上拽|往车里拽|往车里拉|拽上车|拉上车|塞进车", EMERGENCY_POLICE, STRONG},
	{"有人撬|在撬|撬锁|翻墙进|翻进|爬窗进", EMERGENCY_POLICE, STRONG},
	{"钻进*家|院", EMERGENCY_POLICE, STRONG},
	{"屋里有人|家里有人|有动静", EMERGENCY_POLICE, WEAK},
	{"有人在*打人|打架|砍人|打一个", EMERGENCY_POLICE, STRONG},
	{"砸车|砸车窗|正砸|在抢|正抢|抢包", EMERGENCY_POLICE, STRONG},
	{"砸窗|砸玻璃", EMERGENCY_POLICE, WEAK},
	{"抢了|抢走*跑", EMERGENCY_POLICE, STRONG},
	{"逼着*转账|要钱|交钱|给钱|写欠条", EMERGENCY_POLICE, STRONG},
	{"刀|枪*顶着|抵着|对着", EMERGENCY_POLICE, STRONG},
	{"对着人", EMERGENCY_POLICE, STRONG},
	{"跟踪|跟着我|一直跟", EMERGENCY_POLICE, WEAK},
	{"不让出门|不让下车|不让我出门|看着我不让|锁屋里|锁在车里|锁车里|关屋里", EMERGENCY_POLICE, STRONG},
	{"皮带抽|抽我|拿鞭子", EMERGENCY_POLICE, WEAK},
	{"要点火|要点了|要烧房|要放火|点火烧", EMERGENCY_POLICE, STRONG},
	{"偷羊|偷牛|偷东西|偷车|偷电缆|在偷|正偷", EMERGENCY_POLICE, WEAK},
	{"摸女|摸人|摸她|摸我", EMERGENCY_POLICE, WEAK},

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

	{FIREOBJ "+着了|着起来|烧起来|烧着了|冒烟|冒火|起火|着火|冒黑烟", EMERGENCY_FIRE, STRONG},
	{FIREOBJ "*冒烟了|着起来了|火着|烧着了", EMERGENCY_FIRE, STRONG},
	{"火越来越大|火老大|火很猛|火好大|火特别大|黑烟|火光|火星子|往上窜|往外窜|蹿", EMERGENCY_FIRE, WEAK},
	{FALLV "*" WATER, EMERGENCY_FIRE, STRONG},
	{"井里|井下|冰窟窿|化粪池|粪坑*掉|掉下去|掉进", EMERGENCY_FIRE, STRONG},
	{"被水冲走|让水冲走|叫水冲走|被冲走|冲走了|卷走了|水里扑腾|水里挣扎|在水里|不会游泳|淹到脖子|淹到胸|水到胸口|水到脖子", EMERGENCY_FIRE, STRONG},
	{"透水|冒顶|塌方|坍塌|塌了|倒塌|垮了", EMERGENCY_FIRE, WEAK},
	{"埋在*下", EMERGENCY_FIRE, WEAK},
	{"被埋|埋着|压着人|压在下面|压在底下|底下有人|下面有人|底下压着|里面有人|里头有人|还有人没出来|人没出来|有人没上来|没上来|还在里面|还没出来", EMERGENCY_FIRE, WEAK},
	{"卡在+电梯|门|栏杆|防盗窗|管道|缝|窗户|护栏|铁栏|墙缝|机器|脚手架|楼", EMERGENCY_FIRE, STRONG},
	{"卡住*出不来|拔不出来|动不了|出不去|下不来", EMERGENCY_FIRE, STRONG},
	{"电梯*卡|困|掉下|坠|关在|停在半|不动", EMERGENCY_FIRE, STRONG},
	{"困在|困住|被困|困山上|困屋里|困在房顶", EMERGENCY_FIRE, STRONG},
	{"出不去|出不来|打不开", EMERGENCY_FIRE, WEAK},
	{GAS "*味|泄漏|泄露|漏了|漏气|往外喷|往外冒|喷出|冒出|管子破|管道破|挖破|挖断", EMERGENCY_FIRE, STRONG},
	{"炸了|爆了|轰的一声|一声巨响|炸开", EMERGENCY_FIRE, WEAK},
	{"要跳楼|要跳河|站在楼顶|楼顶边上|坐在楼顶", EMERGENCY_FIRE, WEAK},

	/* 120: life in danger now */
	{DROWSY, EMERGENCY_MEDICAL, STRONG},
	{"叫|喊*不答应|不应|没反应", EMERGENCY_MEDICAL, STRONG},
	{"没反应了", EMERGENCY_MEDICAL, STRONG},
	{"吃了|喝了|吞了|喝|吃*一瓶|一把|好多|很多|整瓶|半瓶|一板|一盒*" DRUG, EMERGENCY_MEDICAL, WEAK},
	{"百草枯|敌敌畏|老鼠药|鼠药|除草剂|误喝|误吃|喝了消毒", EMERGENCY_MEDICAL, WEAK},
	{"血+" BLEED, EMERGENCY_MEDICAL, STRONG},
	{"流了|满地*血", EMERGENCY_MEDICAL, STRONG},
	{"一地血|一地的血|地上都是血|满地是血|浑身是血|满身是血|全是血", EMERGENCY_MEDICAL, STRONG},
	{"口子|伤口*深|很大", EMERGENCY_MEDICAL, WEAK},
	{"大口子", EMERGENCY_MEDICAL, WEAK},
	{"抽起来|抽风|浑身抽|在抽|一直抽|抽过去|抽搐|抽了", EMERGENCY_MEDICAL, STRONG},
	{"高烧|发烧|烧得|烧到", EMERGENCY_MEDICAL, WEAK},
	{"要生了|羊水破|破水了|见红了|生在车上|快生了", EMERGENCY_MEDICAL, STRONG},
	{"怀孕|孕妇|怀着|大肚子*出血|流血|肚子疼|疼得|见红", EMERGENCY_MEDICAL, STRONG},
	{"嘴歪|口眼歪|说话说不清|半边身子|半身不遂|手脚没劲", EMERGENCY_MEDICAL, STRONG},
	{"喘不上|喘不了|喘不动|上不来气|出不来气|憋紫|发紫|发青", EMERGENCY_MEDICAL, STRONG},
	{"憋得|脸|嘴唇*紫|通红|不行", EMERGENCY_MEDICAL, STRONG},
	{"胸口疼|心口疼|胸口痛|胸闷|心梗|心脏病", EMERGENCY_MEDICAL, WEAK},
	{"出冷汗|冷汗直冒|浑身冒汗|大汗淋漓", EMERGENCY_MEDICAL, WEAK},
	{"烫+了|伤|着|到", EMERGENCY_MEDICAL, WEAK},
	{"起泡|大泡|水泡|起皮|脱皮|皮都起来", EMERGENCY_MEDICAL, STRONG},
	{"起了|皮都|皮*泡|起|掉了", EMERGENCY_MEDICAL, WEAK},
	{"被蛇咬|蛇咬|被毒蛇|蜂子蛰|马蜂蛰|蜂蛰|蝎子蛰|被蜂", EMERGENCY_MEDICAL, WEAK},
	{"肿了|肿得", EMERGENCY_MEDICAL, WEAK},
	{"被电打|触电|电击|被电着|被电了|电打了", EMERGENCY_MEDICAL, STRONG},
	{"昏了|昏过去|晕了|晕过去|昏倒|晕死|休克|昏迷", EMERGENCY_MEDICAL, WEAK},
	{"突然倒|突然晕|倒地不起|倒在地上|倒地上|躺地上|躺在地上|躺着不动|趴着不动|起不来|站不起来|不哭也不动|不动了|不省人事", EMERGENCY_MEDICAL, WEAK},
	{"噎着|噎住|卡住了|卡嗓子|卡喉咙", EMERGENCY_MEDICAL, WEAK},
	{"中毒|呕吐|一直吐|在吐|吐了一地|吐血|吐白沫|口吐", EMERGENCY_MEDICAL, WEAK},
	{"疼得*打滚|受不了|直|不行", EMERGENCY_MEDICAL, WEAK},
	{"疼死了", EMERGENCY_MEDICAL, WEAK},
	{"割腕|割手腕|割脉|割了手|割到手|切到手|磕破|头破|绞了", EMERGENCY_MEDICAL, WEAK},
	{"没气了|好像没气|没呼吸|没心跳|不喘气|没了呼吸", EMERGENCY_MEDICAL, STRONG},
	{"身上冰凉|浑身冰凉|冻僵", EMERGENCY_MEDICAL, WEAK},
	{"掉下来|摔下来|摔了|摔倒|跌倒|摔了一跤", EMERGENCY_MEDICAL, WEAK},
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
	"被车撞", "撞飞", "翻了", "轧", "碾", "卷到车", "别倒", "刮倒", "撞了人", "撞伤", "撞一块", "撞在一起",
	"对撞", "翻沟", "车翻", "出车祸", "肇事", "逃逸", "撞树", "撞护栏", "撞死", "连环撞", "冲上人行道",
	"让车", "叫车撞", "撞人", "卷到底下", "压底下", NULL,
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
	/* a person run over or hit is hurt whatever else is said */
	{"轧了", STRONG},     {"撞了人", STRONG},   {"撞了行人", STRONG}, {"撞人", STRONG},
	{"撞了学生", STRONG}, {"撞了孩子", STRONG}, {"撞了老人", STRONG}, {"撞了一个", STRONG},
	{"人伤了", STRONG},   {"伤得", STRONG},     {"伤着", STRONG},     {"起不来", STRONG},
	{"站不起来", STRONG}, {"昏", STRONG},       {"晕", STRONG},       {"出血", STRONG},
	{"疼", STRONG},       {"趴在", STRONG},     {"在哭", STRONG},     {"哼哼", STRONG},
	{"摔出去", STRONG},   {"摔地上", STRONG},   {"孩子被车", STRONG}, {"人被车", STRONG},
	{"在车上", WEAK},     {"卷到底下", STRONG}, {"压底下", STRONG},   {"在车里", WEAK},
};

/* Figurative or harmless uses of the danger words: a predicate overlapping
 * one of these is not a danger. */
static const char *const figurative[] = {
	"炸了锅", "气炸", "炸锅", "火气", "火大", "发火", "上火", "火爆", "火锅", "火急火燎", "火箭",
	"救火队", "烟熏火燎", "火药味", "卖火了", "打官司", "打工", "打牌", "打折", "打电话", "打麻将",
	"砍价", "砍树", "砍了我们两家", "救命钱", "救命稻草", "压得喘不过气", "喘不过气来", "打疫苗", "打针",
	"打井", "打游戏", "带走了孩子的户口", "绑在一起", "撬开", "卡住了脖子", "吞了我的", "过量施工",
	"动手术", "被困在债", "困在这", "抢了我的生意", "带走调查", "拿刀吓唬", "厂子快不行",
	"偷偷", "报警器", "报警装置", "贷款困住", "债困住", "救救我们吧", "玩具枪", "水枪", "拿刀切菜", "在打听",
	"打工", "打扫", "打针", "打电话", "打车", "打开", "打算",
};

static const char *const past_cues[] = {
	"去年", "前年", "上个月", "上月", "上周", "上星期", "上礼拜", "上次", "上回", "以前", "之前", "从前",
	"当时", "那次", "那回", "那年", "那天", "那时", "当年", "当初", "早年", "年前", "月前", "天前",
	"周前", "星期前", "礼拜前", "曾经", "前几天", "前些天", "前段时间", "前阵子", "前些年", "前几年",
	"年初", "上半年", "下半年", "昨天", "昨晚", "前天", "小时候", "后来", "年间", "生前", "事后",
	"那阵", "那会儿", "年底", "冬天", "夏天", "秋天", "春天", "已经过去", "早些年", "多年",
};
/* Deictic cues name the moment of writing and so override a past cue told
 * earlier; aspect cues (正在, 还在) only say that something went on at the
 * time the text is about, which may be last year. */
static const char *const now_cues[] = {
	"现在", "刚刚", "刚才", "刚被", "刚把", "刚出", "刚发生", "此刻", "此时", "眼下",
	"马上", "赶紧", "快来", "快点", "这会儿", "救命", "快报警", "快救", "求求你们", "急急急",
};
static const char *const aspect_cues[] = {
	"正在", "还在", "仍在", "一直在", "正打", "着呢", "正跟", "正和", "正往", "正被", "正砸", "正抢",
	"还没走", "还没出来", "还在里面", "越来越",
};
/* 现在 inside these is no present: 到现在没给 tells how long a claim waits. */
static const char *const not_now[] = {
	"到现在", "至今", "直到现在", "现在还没", "现在也没", "现在要求", "现在想",
	/* a call for help heard and told (女的一直喊救命) is no call of the writer's */
	"喊救命", "喊着救命", "叫救命", "呼救命", "救命钱", "救命稻草",
};
static const char *const urgent[] = {
	"救命", "快来", "快救", "救救", "来人啊", "快来人", "快叫", "赶紧来", "快点来", "快报警", "求救",
	"快来救", "急急急", "求求你们", "求你们快", "快快", "快来人", "来人啊", "快点来",
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
	/* a consultation, or a state that has lasted long */
	"请问", "咨询", "想问", "好几年", "几年了", "多年了", "好几个月", "几个月了", "抚养", "探视", "监护",
};
static const char *const negations[] = {"没有", "没", "未", "不是", "并未", "不会", "别", "无"};
static const char *const hypothetical[] = {
	"万一", "如果", "要是", "一旦", "怕", "担心", "害怕", "早晚", "迟早", "会不会", "容易", "随时",
	"可能", "总有一天", "以防", "防止", "差点", "差一点", "险些", "预防", "小心", "以免", "说要",
	"威胁", "扬言要", "吓唬",
};
/* Before a predicate anywhere in its sentence: the whole sentence is a
 * supposition (万一, 担心哪天 …). */
static const char *const supposition[] = {
	"万一", "如果", "要是", "一旦", "哪天", "早晚", "迟早", "以防", "总有一天", "这样下去", "假如", "就怕",
	"会不会", "要不然", "不然",
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

/* One alternative of a pattern group that occurs at p (bounded by e):
 * its length, or 0. */
static size_t alt_at(const char *p, const char *e, const char *grp, size_t glen)
{
	size_t best = 0;
	for (const char *a = grp; a < grp + glen;) {
		const char *bar = memchr(a, '|', (size_t)(grp + glen - a));
		size_t n = bar ? (size_t)(bar - a) : (size_t)(grp + glen - a);
		if (n && n > best && p + n <= e && memcmp(p, a, n) == 0)
			best = n;
		a += n + 1;
	}
	return best;
}

/* Length of the group that starts at g (up to the next '*' or '+'). */
static size_t group_len(const char *g)
{
	size_t n = strcspn(g, "*+");
	return n;
}

/* Matches a pattern at or after from inside sentence s. A pattern is
 * groups of alternatives (A|B) joined by '+' (the next group follows at
 * once) or '*' (the next group follows within GAP bytes), so the lexicons
 * compose: HOLD "*" WEAPON. */
static bool match(const char *pat, span s, const char *from, span *m)
{
	size_t g0 = group_len(pat);
	for (const char *p = from; p < s.e; p++) {
		size_t n = alt_at(p, s.e, pat, g0);
		if (!n)
			continue;
		const char *end = p + n;
		const char *g = pat + g0;
		bool ok = true;
		while (ok && *g) {
			char join = *g++;
			size_t gl = group_len(g);
			if (join == '+') {
				size_t k = alt_at(end, s.e, g, gl);
				ok = k > 0;
				end += k;
			} else {
				const char *limit = end + GAP < s.e ? end + GAP : s.e;
				ok = false;
				for (const char *q = end; q < limit; q++) {
					size_t k = alt_at(q, s.e, g, gl);
					if (k) {
						end = q + k;
						ok = true;
						break;
					}
				}
			}
			g += gl;
		}
		if (ok) {
			m->b = p;
			m->e = end;
			return true;
		}
	}
	return false;
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
/* The last cue of list that begins in [text, upto); origin is where the
 * whole text begins, so a mask (喊救命) may start before text. */
static const char *last_cue(const char *origin, const char *text, const char *upto, const char *const *list, size_t n)
{
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(list[i]);
		for (const char *p = text; (p = find(p, upto, list[i], k)); p++) {
			if (list == now_cues || list == urgent) {
				bool masked = false;
				for (size_t j = 0; j < N(not_now) && !masked; j++) {
					size_t l = strlen(not_now[j]);
					for (const char *q = p - l > origin ? p - l : origin; q <= p && !masked; q++)
						masked = q + l <= upto + l && q + l > p && strncmp(q, not_now[j], l) == 0;
				}
				if (masked)
					continue;
			}
			if (!last || p > last)
				last = p;
		}
	}
	return last;
}

/* The last deictic cue before the predicate ends against the last past
 * cue; a deictic cue later in the predicate's clause (火还在烧 … 刚刚) is
 * now; an aspect cue in the predicate's sentence is now only when no past
 * cue came before. */
static enum tense tense_at(const char *text, span m, span clause, span sentence)
{
	const char *last_past = last_cue(text, text, m.e, past_cues, N(past_cues));
	const char *last_now = last_cue(text, text, m.e, now_cues, N(now_cues));
	if (last_cue(text, m.e, clause.e, now_cues, N(now_cues)))
		return TENSE_NOW;
	if (!last_past && date_before(text, m.b))
		last_past = text;
	if (last_past && (!last_now || last_past > last_now))
		return TENSE_PAST;
	if (last_now)
		return TENSE_NOW;
	return any_in(sentence.b, sentence.e, aspect_cues, N(aspect_cues)) ? TENSE_NOW : TENSE_NONE;
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
static bool not_real(span m, span clause, span sentence, emergency_service svc)
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
	if (any_in(clause.b, m.e, hypothetical, N(hypothetical)) ||
	    any_in(sentence.b, m.b, supposition, N(supposition)))
		return true;
	/* X的事 names a matter told about, not something going on; 刚才的事 is. */
	for (const char *p = m.e; (p = find(p, sentence.e, "的事", strlen("的事"))); p++) {
		bool fresh = false;
		static const char *const fresh_before[] = {"刚才", "刚刚", "刚发生", "现在"};
		for (size_t i = 0; i < N(fresh_before) && !fresh; i++) {
			size_t n = strlen(fresh_before[i]);
			fresh = p - n >= m.e && strncmp(p - n, fresh_before[i], n) == 0;
		}
		if (!fresh)
			return true;
	}
	if (m.b - clause.b >= 3 && strncmp(m.b - 3, "会", 3) == 0)
		return true;
	/* 房子要塌了 is a fear; 他要拿刀砍我 is a threat being made, the police's. */
	if (svc != EMERGENCY_POLICE && m.b - clause.b >= 3 && strncmp(m.b - 3, "要", 3) == 0)
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

/* supported: another real predicate of the same service in the sentence
 * (烫了 … 起了大泡), or a person seen hurt next to violence (满脸是血),
 * makes a weak predicate as good as a strong one: two facts of one danger
 * told together, with no claim, describe the scene, not a grievance. */
static bool counts(const ctx *c, span m, span s, enum strength strength, bool supported, emergency_service svc)
{
	if (overlaps_figurative(m, s))
		return false;
	span cl = clause_of(c->text, c->end, m.b);
	if (not_real(m, cl, s, svc))
		return false;
	switch (tense_at(c->text, m, cl, s)) {
	case TENSE_PAST:
		return false;
	case TENSE_NOW:
		return true;
	case TENSE_NONE:
		break;
	}
	if (c->urgent || any_in(m.e, s.e, post_now, N(post_now)))
		return true;
	(void)svc;
	return (strength == STRONG || supported) && !c->claim;
}

/* Whether another predicate of svc, not negated, figurative or
 * supposed, is told in sentence s apart from m. */
static bool supported(const ctx *c, span s, span m, emergency_service svc)
{
	for (size_t i = 0; i < N(preds); i++) {
		if (preds[i].svc != svc)
			continue;
		span o;
		for (const char *from = s.b; match(preds[i].pat, s, from, &o); from = o.b + 1) {
			if (o.e <= m.b || o.b >= m.e) {
				if (overlaps_figurative(o, s))
					continue;
				span cl = clause_of(c->text, c->end, o.b);
				if (!not_real(o, cl, s, svc))
					return true;
			}
		}
	}
	return false;
}

/* Someone heard calling for help (emergency_detect: the police's when
 * nothing else is told). */
static const char *const calls_for_help[] = {
	"喊救命|呼救|喊救人|叫救命|喊着救命|喊了好几声|喊了半天|在喊",
};

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
	c.urgent = last_cue(c.text, c.text, c.end, urgent, N(urgent)) != NULL;
	c.claim = any_in(c.text, c.end, claims, N(claims));

	emergency_service best = EMERGENCY_NONE;
	const char *cue = NULL;
	bool help_called = false;
	for (const char *p = text; p < c.end;) {
		span s = next_sentence(p, c.end);
		enum strength hs = WEAK;
		bool hurt_here = hurt_in(&c, s, s.b, s.e, &hs) && hs == STRONG;
		for (size_t i = 0; i < N(preds); i++) {
			if (rank(preds[i].svc) <= rank(best))
				continue;
			span m;
			for (const char *from = s.b; match(preds[i].pat, s, from, &m); from = m.b + 1) {
				bool sup = preds[i].strength == WEAK &&
					   ((hurt_here && preds[i].svc == EMERGENCY_POLICE) || supported(&c, s, m, preds[i].svc));
				if (counts(&c, m, s, preds[i].strength, sup, preds[i].svc)) {
					best = preds[i].svc;
					cue = preds[i].pat;
					break;
				}
			}
		}
		for (size_t i = 0; i < N(calls_for_help) && !help_called; i++) {
			span m;
			if (match(calls_for_help[i], s, s.b, &m) && counts(&c, m, s, STRONG, false, EMERGENCY_POLICE))
				help_called = true;
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
	/* Someone heard calling for help, with nothing else told, is for the
	 * police to look into. */
	if (best == EMERGENCY_NONE && help_called) {
		best = EMERGENCY_POLICE;
		cue = "喊救命";
	}
	out->service = best;
	out->call = emergency_call(best);
	out->cue = cue;
	return best;
}
