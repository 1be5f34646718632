"""What the 双报到 and 双报告 phases draw from: shares, the lists' pools (resources, needs,
projects, wishes, teams, events), member and activity columns and pools (all invented)."""

from __future__ import annotations

import datetime as dt

from ..model import registry
from .vocab import _words

# --- 双报到 and the three lists ------------------------------------------------------------------

REPORT_YEAR = 2026  # every unit reports in for 2026; about 30 % also have a 2025 record
REPORT_EARLIER = 2025
# Shares of units (at least one of each in every scale: the demo has exactly one of each).
NOT_REGISTERED_SHARE = 0.05  # did not report in for 2026
ELSEWHERE_SHARE = 0.02  # reported in with another community, saying why (no REG003)
LATE_SHARE = 0.03  # reported in after the 03-31 deadline (REG004, a warning)
EARLIER_SHARE = 0.3  # also reported in for 2025
MEMBER_MOVED_SHARE = 0.01  # moved house during the year: register in the new community only
MEMBER_LATE_SHARE = 0.03

# A resource: (name, category, need categories it serves, unit of measure, capacity range,
# description, words in a unit's name that make it the likely provider).
_ResourceT = tuple[str, str, tuple[str, ...], str, tuple[int, int], str, tuple[str, ...]]
RESOURCES: tuple[_ResourceT, ...] = (
    (
        "法律咨询志愿服务",
        "people",
        ("legal",),
        "人次",
        (20, 120),
        "每月安排法律工作者到社区坐班，解答居民法律问题",
        ("法院", "检察院", "司法", "公安"),
    ),
    (
        "义诊和健康讲座",
        "professional",
        ("health", "elderly-care"),
        "场",
        (4, 24),
        "组织医务人员进社区义诊、开展健康讲座",
        ("医院", "卫生", "疾病", "妇幼"),
    ),
    (
        "课业辅导志愿服务",
        "people",
        ("child-care",),
        "小时",
        (40, 300),
        "党员教师为辖区中小学生提供课后辅导",
        ("学校", "中学", "小学", "幼儿园", "教育"),
    ),
    (
        "职工活动中心错时开放",
        "venue",
        ("culture", "child-care"),
        "平方米",
        (100, 800),
        "节假日和工作日晚间向居民开放职工活动中心",
        (),
    ),
    (
        "会议室共享",
        "venue",
        ("culture", "other"),
        "平方米",
        (40, 200),
        "社区议事协商、党员活动可预约使用会议室",
        (),
    ),
    (
        "停车位错时共享",
        "venue",
        ("other",),
        "个",
        (10, 80),
        "夜间和节假日向周边居民开放单位停车位",
        (),
    ),
    (
        "职工食堂为老助餐",
        "venue",
        ("elderly-care",),
        "人次",
        (500, 5000),
        "单位食堂为社区老人提供助餐服务",
        (),
    ),
    (
        "共建资金",
        "funds",
        ("facilities", "environment", "culture"),
        "元",
        (5000, 100000),
        "用于社区共建项目的资金支持",
        ("银行", "集团", "公司"),
    ),
    (
        "困难群众帮扶资金",
        "funds",
        ("employment", "elderly-care"),
        "元",
        (3000, 50000),
        "用于走访慰问困难党员和困难群众",
        (),
    ),
    (
        "节日慰问物资",
        "materials",
        ("elderly-care", "other"),
        "份",
        (20, 200),
        "节日期间为困难家庭、独居老人提供慰问品",
        (),
    ),
    (
        "图书捐赠",
        "materials",
        ("child-care", "culture"),
        "册",
        (100, 2000),
        "为社区图书角捐赠图书",
        ("图书馆", "文化", "学校"),
    ),
    (
        "消防器材",
        "materials",
        ("safety",),
        "套",
        (10, 120),
        "为老旧小区配备灭火器等消防器材",
        ("消防", "应急", "燃气", "热力"),
    ),
    (
        "水电维修服务",
        "professional",
        ("facilities",),
        "次",
        (12, 120),
        "组织专业人员为老旧小区居民维修水电线路",
        ("供电", "自来水", "水务", "工程"),
    ),
    (
        "燃气安全检查",
        "professional",
        ("safety", "facilities"),
        "户",
        (100, 1500),
        "入户检查燃气管线和灶具安全",
        ("燃气", "热力", "应急"),
    ),
    (
        "心理咨询服务",
        "professional",
        ("health",),
        "小时",
        (20, 200),
        "为有需要的居民提供心理健康咨询",
        ("医院", "卫生", "社会工作"),
    ),
    (
        "就业技能培训",
        "professional",
        ("employment",),
        "人次",
        (20, 300),
        "面向失业人员和灵活就业人员开展技能培训",
        ("人力资源", "职业", "技工"),
    ),
    (
        "文艺辅导志愿服务",
        "people",
        ("culture",),
        "小时",
        (20, 200),
        "辅导社区文艺队排练节目",
        ("文化", "青少年宫", "传媒"),
    ),
    (
        "环境整治志愿服务",
        "people",
        ("environment",),
        "人次",
        (30, 300),
        "参与背街小巷和老旧小区环境卫生整治",
        (),
    ),
    (
        "防范电信诈骗宣传",
        "professional",
        ("legal", "elderly-care"),
        "场",
        (2, 12),
        "开展防范电信诈骗和金融知识宣传",
        ("银行", "保险", "公安"),
    ),
    (
        "电脑和网络维护",
        "professional",
        ("other",),
        "次",
        (6, 60),
        "为社区办公电脑和居民提供网络维护服务",
        ("科技", "信息", "网络", "软件"),
    ),
)
# Resources the community, a branch or a compound offers itself.
OWN_RESOURCES: tuple[_ResourceT, ...] = (
    (
        "党群服务中心活动室",
        "venue",
        ("culture", "child-care", "elderly-care"),
        "平方米",
        (60, 400),
        "活动室可预约使用",
        (),
    ),
    (
        "党员志愿者队伍",
        "people",
        ("environment", "elderly-care", "safety"),
        "人",
        (15, 120),
        "小区党员志愿者参与环境整治和走访探访",
        (),
    ),
    (
        "小区闲置用房",
        "venue",
        ("elderly-care", "culture"),
        "平方米",
        (30, 200),
        "可改作老年活动室或图书角",
        (),
    ),
    (
        "退休党员专业服务",
        "professional",
        ("health", "legal", "facilities"),
        "人次",
        (10, 80),
        "退休医生、律师、技术工人提供专业服务",
        (),
    ),
)
# A need: (name, category, description). Compound needs are named after their compound.
COMPOUND_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("楼道照明改造", "facilities", "部分楼道灯具损坏，夜间出行不便"),
    ("单元门禁维修", "facilities", "单元门禁年久失修，需更换"),
    ("路面破损修补", "facilities", "小区主路路面破损，雨天积水"),
    ("屋面防水维修", "facilities", "顶层住户反映屋面漏水"),
    ("电动车集中充电设施", "safety", "电动车入户充电存在火灾隐患，需建设集中充电点"),
    ("消防通道整治", "safety", "消防通道被占用，需清理并施划标线"),
    ("楼道杂物清理", "environment", "楼道堆放杂物，需集中清理"),
    ("绿化带补植", "environment", "绿化带黄土裸露，需补植"),
    ("雨污管网疏通", "environment", "雨污管网堵塞，需疏通"),
    ("健身器材更新", "culture", "健身器材老化，需更新"),
    ("老年活动室改造", "elderly-care", "老年活动室面积小、设施旧"),
)
COMMUNITY_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("老年助餐送餐志愿者", "elderly-care", "为行动不便的老人送餐，需要志愿者"),
    ("独居老人定期探访", "elderly-care", "需要党员结对定期探访独居老人"),
    ("老年人智能手机培训", "elderly-care", "老年人不会使用智能手机办理业务"),
    ("暑期青少年托管", "child-care", "双职工家庭暑期子女无人照看"),
    ("“四点半课堂”辅导老师", "child-care", "放学后课业辅导需要志愿教师"),
    ("居民义诊", "health", "居民希望就近获得常见病咨询"),
    ("慢性病健康讲座", "health", "高血压、糖尿病患者较多，需要健康指导"),
    ("物业纠纷法律咨询", "legal", "物业服务纠纷较多，需要法律咨询"),
    ("防范电信诈骗宣传", "legal", "老年人易受电信诈骗，需要宣传"),
    ("垃圾分类宣传", "environment", "垃圾分类投放准确率不高"),
    ("失业人员技能培训", "employment", "辖区失业人员需要技能培训"),
    ("招聘信息对接", "employment", "需要驻区单位提供就业岗位信息"),
    ("社区文艺汇演场地", "culture", "社区文艺汇演缺少场地"),
    ("社区图书角图书", "culture", "社区图书角图书陈旧"),
    ("燃气安全入户检查", "safety", "老旧小区燃气管线老化"),
    ("社区办公电脑更新", "other", "社区办公电脑老旧"),
    ("停车难问题协调", "other", "夜间停车位紧张"),
)
UNIT_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("职工子女暑期托管", "child-care", "单位职工子女暑期托管需求"),
    ("单位周边环境整治", "environment", "单位周边背街小巷环境脏乱"),
    ("职工停车位协调", "other", "单位职工停车位不足"),
    ("党员教育活动场地", "culture", "单位党员开展主题党日活动需要场地"),
    ("单位周边交通安全", "safety", "单位门前路口上下班高峰拥堵"),
    ("职工健康讲座", "health", "职工希望社区卫生服务中心开展健康讲座"),
)
# A project theme: (theme, need categories it meets, deliverables).
PROJECT_THEMES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("为老服务", ("elderly-care",), ("每月开展助老志愿服务2次", "为独居老人建立联系卡")),
    ("青少年成长", ("child-care",), ("暑期开办“四点半课堂”", "每季度开展青少年主题活动1次")),
    ("健康进社区", ("health",), ("每季度开展义诊1次", "举办健康讲座4场")),
    ("法律服务", ("legal",), ("每月法律工作者坐班1天", "开展普法宣传2次")),
    ("美丽家园", ("environment",), ("整治背街小巷环境卫生", "补植小区绿化带")),
    ("老旧小区微改造", ("facilities",), ("更换楼道照明", "维修单元门禁")),
    ("就业帮扶", ("employment",), ("开展技能培训2期", "提供就业岗位信息")),
    ("文化惠民", ("culture",), ("举办社区文艺汇演1场", "建设社区图书角")),
    ("平安社区", ("safety",), ("开展消防演练1次", "更新老旧小区消防器材")),
    ("红色物业", ("facilities", "other"), ("建立物业服务问题清单", "每月召开联席会议")),
)
# A micro-wish: (wish, need category, households it comes from — internal only).
WISHES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("一台助听器", "elderly-care", ("独居老人", "空巢老人", "高龄老人")),
    ("一副老花镜", "elderly-care", ("独居老人", "高龄老人")),
    ("一次上门理发", "elderly-care", ("失能老人", "高龄老人")),
    ("一辆轮椅", "health", ("残疾人家庭", "高龄老人")),
    ("一台血压计", "health", ("空巢老人", "慢性病患者家庭")),
    ("一个新书包", "child-care", ("困难家庭儿童", "留守儿童")),
    ("一套课外书", "child-care", ("困难家庭儿童", "留守儿童")),
    ("一套学习用具", "child-care", ("困难家庭儿童",)),
    ("一件冬季棉衣", "other", ("低保家庭", "困难党员")),
    ("一床新棉被", "other", ("低保家庭", "独居老人")),
    ("一台电风扇", "other", ("低保家庭", "独居老人")),
    ("一次家电维修", "facilities", ("独居老人", "残疾人家庭")),
    ("一台收音机", "culture", ("独居老人", "视力残疾人家庭")),
    ("一套书法字帖", "culture", ("退休老党员",)),
    ("一次法律咨询", "legal", ("困难家庭",)),
    ("一份就业推荐", "employment", ("失业人员家庭",)),
)
# A volunteer team: (name after the community's name, service types).
TEAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("党员志愿服务队", ("volunteer",)),
    ("在职党员志愿服务队", ("volunteer", "list")),
    ("银龄志愿服务队", ("volunteer", "pairing")),
    ("红色物业志愿队", ("volunteer", "expertise")),
    ("平安巡逻队", ("volunteer",)),
    ("文明劝导队", ("volunteer",)),
    ("文艺志愿服务队", ("expertise",)),
    ("法律服务志愿队", ("expertise",)),
    ("结对帮扶小组", ("pairing",)),
)
# An event: (name, service type, months it falls in, who may come).
EVENTS: tuple[tuple[str, str, tuple[int, int], str], ...] = (
    ("学雷锋志愿服务活动", "volunteer", (3, 3), "all"),
    ("在职党员进社区集中服务日", "list", (4, 11), "registered"),
    ("垃圾分类宣传活动", "volunteer", (1, 12), "all"),
    ("义诊进社区", "expertise", (1, 12), "all"),
    ("法律知识讲座", "expertise", (1, 12), "all"),
    ("消防安全演练", "volunteer", (5, 12), "all"),
    ("敬老月慰问活动", "pairing", (10, 10), "all"),
    ("主题党日活动", "volunteer", (1, 12), "members"),
    ("政策宣讲会", "expertise", (1, 12), "members"),
    ("结对帮扶走访", "pairing", (1, 12), "invited"),
    ("夏日纳凉晚会", "volunteer", (7, 8), "all"),
    ("环境卫生清扫行动", "volunteer", (1, 12), "all"),
    ("微心愿认领活动", "list", (1, 6), "registered"),
)
CONTACT_TITLES: dict[str, tuple[str, ...]] = {
    "organ": ("机关党委专职副书记", "机关党支部书记", "办公室主任"),
    "institution": ("党委办公室主任", "党支部书记", "党建工作负责人"),
    "soe": ("党群工作部部长", "党委办公室主任", "党支部书记"),
    "new_org": ("党支部书记", "党建指导员", "党建工作负责人"),
}
UNIT_KIND_ZH = registry.default().labels("unit", "kind")
UNIT_FACTS = _words(
    "设有职工活动中心，可向居民错时开放。 在职党员多居住在周边小区。 单位有专业技术人员，可提供专业服务。 "
    "单位食堂和停车场可与社区共享。 已连续多年与社区开展结对共建。"
)
ELSEWHERE_REASONS = (
    "单位办公楼位于两社区交界处，经街道党工委协调到本社区报到",
    "单位职工宿舍集中在本社区，经街道党工委同意在本社区报到",
    "单位原办公地点在本社区，搬迁后经街道党工委同意保留共建关系",
)
SPECIALTIES = _words(
    "法律咨询 财务会计 医疗护理 教育教学 心理咨询 水电维修 计算机 网络安全 建筑设计 园林绿化 "
    "消防安全 新闻写作 外语翻译 驾驶 烹饪 中医推拿 家电维修 摄影摄像 理发 文艺演出"
)
HOBBIES = _words(
    "书法 绘画 摄影 读书 跑步 太极拳 广场舞 乒乓球 羽毛球 篮球 象棋 围棋 唱歌 京剧 钓鱼 园艺 "
    "旅游 烹饪 手工 骑行"
)
MEMBER_NEEDS = (
    "希望就近参加组织生活",
    "子女课后托管",
    "老人日间照料",
    "夜间停车位紧张",
    "希望参加法律知识培训",
)
LIST_FOLDERS = (
    ("resource", "resources"),
    ("need", "needs"),
    ("project", "projects"),
    ("wish", "wishes"),
    ("team", "teams"),
    ("event", "events"),
)
MEMBER_COLUMNS = (
    "person",
    "date",
    "home_org",
    "compound",
    "building",
    "specialties",
    "hobbies",
    "service_types",
    "needs",
    "moved_from",
    "note",
)

# --- 双报告: activity logs, unit reports, community evaluations ---------------------------------

ACTIVITY_COLUMNS = ("person", "date", "activity", "service_type", "hours", "verified_by", "note")
ACTIVITY_FIRST = dt.date(REPORT_YEAR, 1, 10)
ACTIVITY_LAST = dt.date(REPORT_YEAR, 11, 15)
# Activity counts are drawn so the year spreads across the member grades: a share reported in and
# did nothing (不合格), a share did a little (1–5 rows), the rest 6–20 rows skewed high; ≈ 12.5
# rows per registered member on average.
NO_ACTIVITY_SHARE = 0.08
FEW_ACTIVITIES_SHARE = 0.2
MANY_ACTIVITIES = (9, 21)  # the others: int(triangular(9, 21, 21)), at most 20
MOVED_OLD_ROWS = (1, 4)  # rows a moved member left in the old community, before the move
EVENT_ROW_SHARE = 0.3  # rows that name one of the community's events (when one fits)
OWN_TYPE_SHARE = 0.85  # rows in one of the member's own registered service types
BEFORE_REGISTRATION_SHARE = 0.05  # rows dated before the member reported in (allowed, rare)
# Hours per row, 0.5–8 in half hours: whole hours and 1–3 hours are the most common.
ACTIVITY_HOURS = tuple(k / 2 for k in range(1, 17))
ACTIVITY_HOUR_WEIGHTS = (3, 10, 8, 12, 6, 10, 3, 6, 2, 4, 1, 3, 1, 1, 1, 2)
# Some members only ever log short visits (0.5–2 hours): many rows, few hours.
SHORT_HOURS_SHARE = 0.3
SHORT_HOUR_WEIGHTS = (3, 6, 3, 1) + (0,) * 12
# Activities members log outside the community's listed events, by service type.
ACTIVITIES: dict[str, tuple[str, ...]] = {
    "volunteer": _words(
        "楼道清扫 环境卫生整治 垃圾分类桶边值守 文明劝导 平安巡逻 小区绿化补植 助老送餐 清理小广告"
    ),
    "expertise": _words("义诊 政策宣讲 法律咨询 家电义务维修 课业辅导 心理疏导 防范电信诈骗宣传"),
    "list": _words("五访五问五帮入户走访 认领社区需求清单项目 微心愿认领 协助人口信息核查"),
    "pairing": _words("结对帮扶困难家庭 探访独居老人 慰问困难党员 陪同老人就医"),
}
NO_REPORT_SHARE = 0.15  # units registered for 2026 that did not submit a 履责报告
NO_EVALUATION_SHARE = 0.10  # … and that their report-in community did not evaluate
REPORT_SERVICES = _words(
    "志愿服务 环境整治 为老服务 法律咨询 义诊 课业辅导 政策宣讲 结对帮扶 平安巡逻 文艺演出"
)
EVALUATION_COMMENTS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        90,
        (
            "履责积极，共建项目成效明显",
            "主动认领需求，服务群众成效突出",
            "资源共享充分，居民评价高",
        ),
    ),
    (75, ("积极参与社区治理，共建有成效", "能按要求参加社区活动", "认领项目基本完成")),
    (0, ("参与社区活动偏少，需加强", "共建项目推进较慢", "资源开放不够，需加强沟通")),
)
