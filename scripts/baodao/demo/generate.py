"""A complete fictional district: the public data root and a synthetic private root.

``generate(out, scale, seed)`` writes ``out/data/`` (every record type the validator knows) and
``out/private/people/`` (the person registry). The same scale and seed always write the same
bytes: one ``random.Random(seed)`` drives every choice, everything is visited in a fixed order,
and nothing reads the clock, so a demo site or a benchmark can be rebuilt exactly.

Place names are invented. The division code starts with province 99, which does not exist, so
no code can name a real place; phone numbers use the fictional area code 0999 and mobile
numbers a visibly fake ``13x0000xxxx`` pattern. No record holds anything that looks like a
resident ID number.

The hard cases the lookup and the validator must handle (two compounds with one name,
aliases, polyphonic characters, building numbers written four ways, a compound split across
grids, a vacant post, a building whose assignment changed, stale records) are planted at the
same ids in both scales; :data:`HARD_CASES` names them.

The 双报到 report-in records come last, so they leave every draw before them unchanged: unit
registrations for 2026 (and 2025 for about 30 % of units), each community's lists (resources,
needs, projects, wishes, teams, events), 大党委 concurrent members with their appointment
notices, and the members' registrations in ``out/private/<street>/<community>/members/``. Their
planted cases depend on the seed's draws (the units are drawn too), so
:func:`report_in_cases` names them: units that did not report in for 2026, registrations made
elsewhere with a reason, late unit registrations (REG004 warnings, as are about 3 % of the
member rows) and members who moved house during the year. The demo has exactly one of each.

The 双报告 records come after those, again leaving every earlier draw unchanged: each registered
member's activity rows in ``out/private/<street>/<community>/activities/2026.csv`` (about 8 %
none, the rest 1–20 rows, so the member grades spread; a member who moved also has rows in the
old community's file), the units' 履责报告 (``unit-reports/``, about 85 % of the units
registered for 2026) and their report-in community's evaluations (``evaluations/``, about
90 %). :func:`assessment_cases` names the members without activities, the moved members with
rows in both communities, and the units without a report or without an evaluation.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml
from pypinyin import lazy_pinyin

from ..model.workdays import WorkCalendar
from ..records.formats import make_uscc
from ..records.layout import PUBLIC, RESERVED, classify
from ..records.yamlio import Loader
from . import ratings
from .editors import editors_yaml as demo_editors
from .published import write_lock
from .stations import enrich as enrich_stations

AS_OF = dt.date(2026, 11, 23)  # "today" of the demo; never the clock, so output is reproducible
STALE_BEFORE = AS_OF - dt.timedelta(days=365)  # rules/validation: stale_after_days 365
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "district"
DISTRICT_CODE = "990102"  # province 99 does not exist: fiction can never collide with a real place
PEOPLE_COLUMNS = (
    "id",
    "name",
    "community",
    "consent_name",
    "consent_phone",
    "phone",
    "consent_date",
    "note",
)

# Which ids carry each hard case. The same in both scales: these compounds and communities are
# planted first, so their ids never depend on the random draws around them.
HARD_CASES: dict[str, Any] = {
    # 1. Two compounds named 幸福小区 in different communities (cui-hu and liu-an).
    "same_name": {"name": "幸福小区", "compounds": ["xing-fu", "xing-fu-2"]},
    # 2. Aliases and old names.
    "aliases_old_names": [
        "lv-jing-hua-yuan",
        "jin-sha",
        "xing-fu-2",
        "dong-fang-ming-zhu",
        "xing-fu-li",
    ],
    # 3. Polyphonic characters read as in place names: 长 chang, 重 chong, 厦 sha, 乐 le / yue.
    "polyphonic": {
        "chang-le-hua-yuan": "长乐花园",
        "chong-hua-yuan": "重华苑",
        "jin-sha": "金厦小区",
        "yue-fu": "乐府小区",
    },
    # 4. Building numbers written in different forms (building ids stay ASCII).
    "number_forms": {
        "3号楼": "lv-jing-hua-yuan",
        "3栋": "chang-le-hua-yuan",
        "三号楼": "xing-fu",
        "3幢": "chong-hua-yuan",
        "A座": "jin-sha",
    },
    # 5. One compound split across two grids of its community.
    "split_compound": {"compound": "lv-jing-hua-yuan", "grids": ["cui-hu-g01", "cui-hu-g02"]},
    # 6. A vacant post: vacant_since set, no current holder.
    "vacant_post": {
        "type": "grid",
        "id": "cui-hu-g01",
        "post": "worker-2",
        "vacant_since": "2026-06-01",
    },
    # 7. A building whose assignment changed: two serve entries, the later one moves its grid.
    "reassigned_building": {"compound": "xing-fu", "building": "2", "from": "2025-07-01"},
    # Records last verified more than 365 days before 2026-11-23 (freshness warnings).
    "stale": [{"type": "compound", "id": "xing-fu-li"}, {"type": "grid", "id": "liu-an-g02"}],
    # A joint branch over two neighbouring compounds (as in the tiny fixture).
    "joint_branch": {
        "branch": "lv-jing-hua-yuan-zb",
        "compounds": ["lv-jing-hua-yuan", "chang-le-hua-yuan"],
    },
    # An appointment notice whose new holder took office after the notice period.
    "appointment": {"notice": "cui-hu-secretary", "community": "cui-hu", "from": "2026-09-15"},
}


def hard_cases(scale: str = "demo") -> dict[str, Any]:
    """The ids that carry each hard case in data generated at ``scale`` (same for every seed)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return copy.deepcopy(HARD_CASES)


def report_in_cases(scale: str = "demo", seed: int = 20261123) -> dict[str, list[str]]:
    """The planted report-in cases of data generated at ``scale`` with ``seed``.

    ``not_registered`` and ``elsewhere``/``late`` name units and registration ids;
    ``moved_member`` names the persons whose registration row has ``moved_from``.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    g = _Generator(SCALES[scale], seed)
    g.build()
    return copy.deepcopy(g.report_in_cases)


def assessment_cases(scale: str = "demo", seed: int = 20261123) -> dict[str, list[str]]:
    """The planted 双报告 cases of data generated at ``scale`` with ``seed`` (ids sorted).

    ``no_activity`` names members who reported in for 2026 but have no activity row;
    ``moved_with_activities`` members who moved (``moved_from``) and have rows in both the old
    and the new community's file; ``no_report`` and ``no_evaluation`` units registered for 2026
    without a 履责报告, or without their report-in community's evaluation (never both).
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    g = _Generator(SCALES[scale], seed)
    g.build()
    return copy.deepcopy(g.assessment_cases)


@dataclass(frozen=True)
class Scale:
    communities: tuple[int, ...]  # communities per street
    compounds: int
    new_compounds: int
    buildings_new: tuple[int, int]
    buildings_old: tuple[int, int]
    buildings_per_grid: float
    micro_share: float  # chance that a community has a micro-grid
    join_old: float  # chance that an old compound shares the previous compound's branch
    join_new: float
    min_party_groups: int
    units: int
    property_companies: int
    home_orgs: int
    notices: int
    stale_share: float  # records verified more than a year ago, besides the planted ones
    # 双报到 and the three lists, per community: (fewest, most) of each, besides what the unit
    # registrations bring (their resources and needs sit in the community they register with).
    resources: tuple[int, int]
    needs: tuple[int, int]
    projects: tuple[int, int]
    wishes: tuple[int, int]
    teams: tuple[int, int]
    events: tuple[int, int]
    members: int  # 在职党员报到 rows for 2026, over the whole district


SCALES: dict[str, Scale] = {
    "demo": Scale(communities=(3, 3), compounds=60, new_compounds=24, buildings_new=(3, 12),
                  buildings_old=(3, 12), buildings_per_grid=14, micro_share=0.5, join_old=0.35,
                  join_new=0.1, min_party_groups=2, units=12, property_companies=5, home_orgs=5,
                  notices=3, stale_share=0.0, resources=(1, 2), needs=(3, 4), projects=(2, 2),
                  wishes=(2, 2), teams=(1, 1), events=(2, 2), members=150),
    # Lanshan (seed 003): 4 streets, 102 communities, 1,105 compounds of which 446 new.
    "city": Scale(communities=(26, 26, 25, 25), compounds=1105, new_compounds=446,
                  buildings_new=(4, 20), buildings_old=(3, 14), buildings_per_grid=13.9,
                  micro_share=0.3, join_old=0.46, join_new=0.17, min_party_groups=20, units=1000,
                  property_companies=120, home_orgs=150, notices=20, stale_share=0.01,
                  # Needs, resources and projects together ≈ 3,000 a year; ≈ 500 wishes, ≈ 300
                  # teams, ≈ 1,000 events; ≈ 16,000 在职党员 report in (seed 003).
                  resources=(1, 5), needs=(5, 11), projects=(4, 9), wishes=(3, 7), teams=(2, 4),
                  events=(7, 13), members=16000),
}  # fmt: skip

# --- names -------------------------------------------------------------------------------------

DISTRICT_NAME = "青禾区"


def _words(text: str) -> tuple[str, ...]:
    """Name pools are written as space-separated words: easier to read and extend as Chinese."""
    return tuple(text.split())


# Streets with their first (planted) communities; the rest of each street is drawn from the pool.
STREETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("青禾街道", ("翠湖社区", "银杏社区", "春晖社区")),
    ("东渠街道", ("柳岸社区", "滨河社区", "和平社区")),
    ("新桥街道", ()),
    ("南湖街道", ()),
)


@dataclass(frozen=True)
class _Planted:
    community: str
    name: str
    age: str
    type: str
    form: str
    aliases: tuple[str, ...] = ()
    old_names: tuple[str, ...] = ()


PLANTED: tuple[_Planted, ...] = (
    _Planted("翠湖社区", "绿景花园", "new", "commercial", "hao-lou", ("绿景",), ("化肥厂宿舍",)),
    _Planted("翠湖社区", "长乐花园", "new", "commercial", "dong"),
    _Planted("翠湖社区", "幸福小区", "old", "mixed", "hanzi-hao-lou"),
    _Planted("银杏社区", "重华苑", "new", "commercial", "zhuang"),
    _Planted("银杏社区", "金厦小区", "old", "commercial", "lettered", ("金厦",)),
    _Planted("柳岸社区", "幸福小区", "old", "work_unit", "hao-lou", (), ("机械厂宿舍",)),
    _Planted("柳岸社区", "乐府小区", "new", "commercial", "dong"),
    _Planted("柳岸社区", "东方明珠小区", "new", "commercial", "hao-lou", ("明珠小区", "东方明珠")),
    _Planted("柳岸社区", "幸福里", "old", "mixed", "dong", ("幸福里小区",), ("纺织厂宿舍",)),
)

# Place-name readings pypinyin gets wrong on its own: 重华 like 重庆 (chong, not zhong); 朝阳 like
# 朝阳区 (chao, not zhao); 长宁 and 长盛 (chang, not zhang).
_READINGS = {"重华": "chong hua", "朝阳": "chao yang", "长宁": "chang ning", "长盛": "chang sheng"}

COMMUNITY_ROOTS = _words(
    "东风 朝阳 向阳 新华 金桥 青年 光明 文化 育才 建设 团结 胜利 民主 前进 兴华 振兴 锦绣 丽景 "
    "桃园 梨园 杏林 松林 竹园 荷花 桂花 月季 兰亭 清河 溪湖 北苑 南苑 东苑 西苑 城南 城北 城东 "
    "城西 站前 河东 河西 湖滨 湖西 山水 泉水 龙泉 凤山 龙山 鹤山 望湖 观澜 听涛 临河 沿河 北关 "
    "南关 东关 西关 书院 学府 府前 文昌 文峰 聚福 汇丰 永安 永兴 永和 长安 长宁 长青 乐安 乐和 "
    "福安 福源 康宁 安居 安泰 宁远 宝丰 丰收 丰华 金山 银山 玉泉 碧泉 红星 新城 新河 新苑 富康 "
    "富强 欣欣 盛华 鑫源 万家 千禧 百合 牡丹 芙蓉 海棠 紫荆 梧桐 香山 翠屏 云龙 卧龙 青龙 白鹭 "
    "春江 秋实 夏荷 冬青 瑞丰 祥和 和睦 友爱 怡和 幸福 双桥 三里 五里 七里 九龙 十里"
)
STREET_ROOTS = ("青禾", "东渠", "新桥", "南湖")

NEW_PREFIXES = _words(
    "锦绣 阳光 金色 翡翠 紫荆 丽水 海棠 枫林 玉兰 荣华 盛世 滨河 香樟 凤凰 书香 水岸 雅居 嘉和 "
    "天润 润泽 星河 御景 碧水 蓝湾 锦江 华庭 金桂 丹桂 桃源 梧桐 兰亭 清风 晴川 鸿福 福润 康泰 "
    "安澜 悦澜 汇景 月湖 云栖 翠微 锦华 金域 君悦 怡景 馨园 龙湾 凤栖 鹭岛 丽都 泰和 瑞景 恒安 "
    "欣荣 铭城 汇福 新月 东城 西城 南湖 北湖 春江 秋水 柏林 松涛 竹韵 荷塘 杏花 梨花 樱花 丁香 "
    "芙蓉 紫薇 凯旋 和谐 博雅 尚品 领秀 橡树 香榭 天玺 观澜 澜庭 御园 江南 水韵 青青"
)
NEW_SUFFIXES = _words(
    "花园 苑 华府 公馆 名邸 雅苑 家园 新城 府 湾 佳苑 小区 国际 名都 庭院 山庄 嘉园 丽景"
)
# 化肥厂, 纺织厂 and 机械厂 are left out: they are the planted compounds' old names.
WORK_UNITS = _words(
    "粮食局 供电局 第一中学 人民医院 棉纺厂 水泥厂 造纸厂 农机厂 食品公司 供销社 烟草公司 邮电局 "
    "交通局 建筑公司 物资局 糖厂 酒厂 轴承厂 印刷厂 木材公司 税务局 二轻局 电影公司 汽车站 铁路 "
    "自来水公司 煤建公司 百货公司 外贸公司 五金厂 玻璃厂 化工厂 药材公司 搪瓷厂 针织厂 被服厂 "
    "拖拉机厂 柴油机厂 电机厂 变压器厂 无线电厂 制药厂 肉联厂 面粉厂 油脂厂 砖瓦厂 陶瓷厂 水泵厂 "
    "农药厂 磷肥厂 棉麻公司 石油公司 人民银行 保险公司 法院 检察院 公安局 师范学校 卫校 第二中学 "
    "第三中学 实验小学 技工学校 发电厂 热电厂 煤矿 地质队 水文站 气象局 商业局 文化局 卫生局"
)
WORK_SUFFIXES = _words("家属院 宿舍 家属楼 小区 生活区")
VILLAGES = _words(
    "王家庄 李家村 张庄 刘营 陈家湾 杨家屯 赵庄 后河村 前屯 东岗 西岭 南关村 北关村 河口村 柳树屯 "
    "大官庄 小王庄 孙家洼 周庄 吴家集 徐家楼 马家店 高庄 林家村 何家湾 郭家庄 罗庄 宋家埠 郑家沟 "
    "谢庄 韩村 唐家庄 冯家集 于家岭 董庄 程家村 曹庄 袁家屯 邓家湾 许家营 沈家庄 彭村 苏家屯"
)
RESETTLE_SUFFIXES = _words("安置小区 新村 还建小区 家园 新居")
# 幸福 is left out: 幸福小区 and 幸福里 are planted.
OLD_ROOTS = _words(
    "建设 和平 团结 胜利 光明 向阳 红旗 工人 民主 友谊 东风 解放 前进 新华 兴华 振兴 富民 康乐 "
    "育才 文化 健康 平安 长青 朝阳 红星 跃进 卫东 永红 为民 利民 安康 兴隆 太平 吉祥 和顺"
)
OLD_SUFFIXES = _words("里 小区 新村 北区 南区 大院")
NAME_VARIANTS = _words("二期 三期 东区 西区 南区 北区 东院 西院 南院 北院 四期 五期")
ROAD_ROOTS = _words(
    "青禾 柳岸 翠湖 金桥 银河 育才 光明 振兴 富民 通达 长安 人民 解放 建设 和平 文化 胜利 新华 "
    "青年 工业 商业 滨河 沿河 环城 站前 府前 学府 文昌 兴业 创业 发展 开元 永安 长宁 乐安 双拥 "
    "团结 友谊 民主 东渠 新桥 南湖 北园 西苑 东升 朝阳 向阳 红旗 卫生 体育 花园 公园 建国 复兴"
)

SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("赵", 23), ("黄", 22),
    ("周", 21), ("吴", 20), ("徐", 17), ("孙", 15), ("胡", 13), ("朱", 13), ("高", 12), ("林", 12),
    ("何", 12), ("郭", 11), ("马", 11), ("罗", 9), ("梁", 8), ("宋", 8), ("郑", 8), ("谢", 7),
    ("韩", 7), ("唐", 7), ("冯", 6), ("于", 6), ("董", 6), ("萧", 5), ("程", 6), ("曹", 6),
    ("袁", 5), ("邓", 5), ("许", 5), ("傅", 5), ("沈", 5), ("曾", 5), ("彭", 5), ("吕", 5),
    ("苏", 5), ("卢", 5), ("蒋", 5), ("蔡", 5), ("贾", 4), ("丁", 4), ("魏", 4), ("薛", 4),
    ("叶", 4), ("阎", 4), ("余", 4), ("潘", 4), ("杜", 4), ("戴", 4), ("夏", 4), ("钟", 4),
    ("汪", 4), ("田", 4), ("任", 4), ("姜", 4), ("范", 4), ("方", 4), ("石", 4), ("姚", 3),
    ("谭", 3), ("廖", 3), ("邹", 3), ("熊", 3), ("金", 3), ("陆", 3), ("郝", 3), ("孔", 3),
    ("白", 3), ("崔", 3), ("康", 3), ("毛", 3), ("邱", 3), ("秦", 3), ("江", 3), ("史", 3),
    ("顾", 3), ("侯", 3), ("邵", 3), ("孟", 3), ("龙", 3), ("万", 3), ("段", 3), ("雷", 3),
    ("钱", 3), ("汤", 3), ("尹", 3), ("黎", 3), ("易", 3), ("常", 3), ("武", 3), ("乔", 3),
    ("贺", 3), ("赖", 3), ("龚", 3), ("文", 3), ("欧阳", 1), ("司马", 1), ("上官", 1),
)  # fmt: skip
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红梅玉兰海燕秀文斌宇浩凯鹏辉鑫颖婷雪琳"
    "晨阳帆欣怡佳瑞博然思雨萱梓涵子轩俊峰德林春秋冬兵新立成福荣振兴宏亮凤芝翠云淑珍素琴慧敬"
    "保家卫东光庆祥永胜利民安康宁丹晓莉晶彬伦波毅健卫红霖朝晖倩蕾婉茹诗雅嘉"
)
CLASSIC_GIVEN = _words(
    "建国 建华 国强 志强 海燕 玉兰 红梅 秀英 桂英 秀兰 淑珍 凤英 玉珍 建军 卫东 卫国 文革 秀珍 "
    "丽华 春梅 德明 永胜 保国 晓东 晓燕 丽娟 志刚 海波 俊杰 子涵 雨轩 浩然 欣怡 梓萱"
)

BUREAUS = _words(
    "发展和改革局 教育和体育局 科学技术局 工业和信息化局 民政局 司法局 财政局 人力资源和社会保障局 "
    "自然资源局 住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 文化和旅游局 卫生健康局 "
    "退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理局 信访局 "
    "机关事务服务中心 行政审批服务局 档案馆 总工会 团委 妇联 科协 残联 红十字会 人民法院 "
    "人民检察院 公安分局 税务局 消防救援大队 融媒体中心 生态环境分局 粮食和物资储备局"
)
PROVINCE_ORGANS = _words(
    "教育厅 科学技术厅 民政厅 财政厅 自然资源厅 住房和城乡建设厅 交通运输厅 水利厅 农业农村厅 "
    "商务厅 文化和旅游厅 卫生健康委员会 审计厅 应急管理厅 统计局 林业局 体育局 地方金融管理局"
)
COMPANY_WORDS = _words(
    "华信 宏达 鑫源 恒通 瑞丰 金泰 天成 博远 中诚 嘉禾 永盛 汇通 昌隆 德润 盛源 鼎新 佳美 众联 "
    "百川 弘毅 卓越 明德 正阳 远航 新程 安信 信达 宏图 联创 智诚 亿家 丰泽 和顺 宝利 金诺 富华 "
    "兴旺 万通 九州 东升 旭日 晨光 海纳 云帆 启明 润丰 泰然 凯达 祥和 聚鑫 佰盛 同创 锐达 骏腾 "
    "长盛 乐邦 惠民 诚信 德馨 康源 恒信 广源 天佑 立信 新锐 青禾 沃土 禾丰 泽润 盛达 星辰 朗润"
)
INDUSTRIES = _words(
    "科技 信息技术 网络科技 电子商务 商贸 建筑工程 装饰工程 物流 餐饮管理 酒店管理 文化传媒 广告 "
    "教育咨询 医药 食品 服装 机械设备 汽车销售 房地产开发 家政服务 保安服务 环保科技 新能源 软件 "
    "健康管理 财务咨询 人力资源 印刷 农业科技 园林绿化"
)
PROPERTY_SUFFIXES = ("物业服务有限公司", "物业管理有限公司", "物业有限公司")

HOURS_CENTRE = (
    [
        {"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"},
        {"days": [6], "open": "09:00", "close": "12:00"},
    ],
    [
        {"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "18:00"},
        {"days": [6, 7], "open": "09:00", "close": "16:00"},
    ],
    [{"days": [1, 2, 3, 4, 5, 6, 7], "open": "08:30", "close": "20:00"}],
)
HOURS_STATION = (
    [{"days": [1, 2, 3, 4, 5], "open": "09:00", "close": "11:30"}, {"days": [1, 2, 3, 4, 5], "open": "14:30", "close": "17:30"}],
    [{"days": [1, 3, 5], "open": "18:30", "close": "20:30"}, {"days": [6], "open": "09:00", "close": "11:30"}],
    [{"days": [2, 4, 6], "open": "09:00", "close": "12:00"}],
)  # fmt: skip

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
    ("法律咨询志愿服务", "people", ("legal",), "人次", (20, 120), "每月安排法律工作者到社区坐班，解答居民法律问题", ("法院", "检察院", "司法", "公安")),
    ("义诊和健康讲座", "professional", ("health", "elderly-care"), "场", (4, 24), "组织医务人员进社区义诊、开展健康讲座", ("医院", "卫生", "疾病", "妇幼")),
    ("课业辅导志愿服务", "people", ("child-care",), "小时", (40, 300), "党员教师为辖区中小学生提供课后辅导", ("学校", "中学", "小学", "幼儿园", "教育")),
    ("职工活动中心错时开放", "venue", ("culture", "child-care"), "平方米", (100, 800), "节假日和工作日晚间向居民开放职工活动中心", ()),
    ("会议室共享", "venue", ("culture", "other"), "平方米", (40, 200), "社区议事协商、党员活动可预约使用会议室", ()),
    ("停车位错时共享", "venue", ("other",), "个", (10, 80), "夜间和节假日向周边居民开放单位停车位", ()),
    ("职工食堂为老助餐", "venue", ("elderly-care",), "人次", (500, 5000), "单位食堂为社区老人提供助餐服务", ()),
    ("共建资金", "funds", ("facilities", "environment", "culture"), "元", (5000, 100000), "用于社区共建项目的资金支持", ("银行", "集团", "公司")),
    ("困难群众帮扶资金", "funds", ("employment", "elderly-care"), "元", (3000, 50000), "用于走访慰问困难党员和困难群众", ()),
    ("节日慰问物资", "materials", ("elderly-care", "other"), "份", (20, 200), "节日期间为困难家庭、独居老人提供慰问品", ()),
    ("图书捐赠", "materials", ("child-care", "culture"), "册", (100, 2000), "为社区图书角捐赠图书", ("图书馆", "文化", "学校")),
    ("消防器材", "materials", ("safety",), "套", (10, 120), "为老旧小区配备灭火器等消防器材", ("消防", "应急", "燃气", "热力")),
    ("水电维修服务", "professional", ("facilities",), "次", (12, 120), "组织专业人员为老旧小区居民维修水电线路", ("供电", "自来水", "水务", "工程")),
    ("燃气安全检查", "professional", ("safety", "facilities"), "户", (100, 1500), "入户检查燃气管线和灶具安全", ("燃气", "热力", "应急")),
    ("心理咨询服务", "professional", ("health",), "小时", (20, 200), "为有需要的居民提供心理健康咨询", ("医院", "卫生", "社会工作")),
    ("就业技能培训", "professional", ("employment",), "人次", (20, 300), "面向失业人员和灵活就业人员开展技能培训", ("人力资源", "职业", "技工")),
    ("文艺辅导志愿服务", "people", ("culture",), "小时", (20, 200), "辅导社区文艺队排练节目", ("文化", "青少年宫", "传媒")),
    ("环境整治志愿服务", "people", ("environment",), "人次", (30, 300), "参与背街小巷和老旧小区环境卫生整治", ()),
    ("防范电信诈骗宣传", "professional", ("legal", "elderly-care"), "场", (2, 12), "开展防范电信诈骗和金融知识宣传", ("银行", "保险", "公安")),
    ("电脑和网络维护", "professional", ("other",), "次", (6, 60), "为社区办公电脑和居民提供网络维护服务", ("科技", "信息", "网络", "软件")),
)  # fmt: skip
# Resources the community, a branch or a compound offers itself.
OWN_RESOURCES: tuple[_ResourceT, ...] = (
    ("党群服务中心活动室", "venue", ("culture", "child-care", "elderly-care"), "平方米", (60, 400), "活动室可预约使用", ()),
    ("党员志愿者队伍", "people", ("environment", "elderly-care", "safety"), "人", (15, 120), "小区党员志愿者参与环境整治和走访探访", ()),
    ("小区闲置用房", "venue", ("elderly-care", "culture"), "平方米", (30, 200), "可改作老年活动室或图书角", ()),
    ("退休党员专业服务", "professional", ("health", "legal", "facilities"), "人次", (10, 80), "退休医生、律师、技术工人提供专业服务", ()),
)  # fmt: skip
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
UNIT_KIND_ZH = {
    "organ": "机关",
    "institution": "事业单位",
    "soe": "国有企业",
    "new_org": "两新组织",
}
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
    (90, ("履责积极，共建项目成效明显", "主动认领需求，服务群众成效突出", "资源共享充分，居民评价高")),
    (75, ("积极参与社区治理，共建有成效", "能按要求参加社区活动", "认领项目基本完成")),
    (0, ("参与社区活动偏少，需加强", "共建项目推进较慢", "资源开放不够，需加强沟通")),
)  # fmt: skip

_HANZI_DIGITS = "零一二三四五六七八九"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_PERSON_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def hanzi_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (as written in 第三网格, 三号楼)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _HANZI_DIGITS[tens] + "十")
    return head + (_HANZI_DIGITS[ones] if ones else "")


def slug(name: str, max_len: int = 56) -> str:
    """ASCII id from a Chinese name: pinyin syllables joined by '-' (绿景花园 → lv-jing-hua-yuan)."""
    for phrase, reading in _READINGS.items():
        name = name.replace(phrase, f" {reading} ")
    parts: list[str] = []
    for piece in lazy_pinyin(name):
        parts.extend(re.findall(r"[a-z0-9]+", piece.lower().replace("ü", "v")))
    out = "-".join(parts) or "x"
    if len(out) > max_len:
        # Cut at a syllable boundary so the id still reads as pinyin.
        out = out[:max_len].rsplit("-", 1)[0]
    return out


def _iso(day: dt.date) -> str:
    return day.isoformat()


# --- model -------------------------------------------------------------------------------------


@dataclass
class _Street:
    id: str
    name: str
    code: str
    phone: str
    address: dict[str, str]
    communities: list[_Community] = field(default_factory=list)
    station: str = ""
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Community:
    id: str
    name: str
    street: _Street
    code: str
    roads: list[str]
    phone: str
    station: str  # the community's 党群服务中心, claimed with the community
    compounds: list[_Compound] = field(default_factory=list)
    grids: list[dict[str, Any]] = field(default_factory=list)
    branches: list[dict[str, Any]] = field(default_factory=list)
    stations: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)
    registrations: list[dict[str, Any]] = field(default_factory=list)  # unit registrations
    # The community's lists by type (resource, need, project, wish, team, event), in id order.
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    members: list[list[str]] = field(default_factory=list)  # 在职党员报到 rows (private)
    activities: list[list[str]] = field(default_factory=list)  # activity rows (private)
    unit_reports: list[dict[str, Any]] = field(default_factory=list)  # 履责报告 (public)
    evaluations: list[dict[str, Any]] = field(default_factory=list)  # 社区评价 (public)


@dataclass
class _Building:
    id: str
    number: str
    entrances: int
    households: int
    first_from: str
    grid: str = ""
    old_grid: str = ""  # grid before a re-drawing, when the assignment changed
    moved: str = ""  # date of that change
    branch: str = ""
    group: str = ""
    station: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Compound:
    id: str
    name: str
    community: _Community
    age: str
    type: str
    form: str
    aliases: list[str]
    old_names: list[str]
    built: int
    addresses: list[dict[str, str]]
    property: dict[str, Any]
    owners_committee: dict[str, Any]
    buildings: list[_Building]
    planted: bool
    verified_at: str
    station: str = ""


@dataclass
class _Person:
    id: str
    name: str
    community: str
    consent_name: bool
    consent_phone: bool
    phone: str
    consent_date: str
    note: str


@dataclass
class _Where:
    """Where a person is registered: the street file and the community they live in."""

    street: str
    community: str = ""


class _Ids:
    """Ids unique per record type; a taken id gets -2, -3 … (幸福小区 → xing-fu, xing-fu-2)."""

    def __init__(self) -> None:
        self.taken: dict[str, dict[str, None]] = {}

    def claim(self, type_name: str, base: str) -> str:
        taken = self.taken.setdefault(type_name, {})
        if type_name in ("street", "community"):
            # A street or community id is a folder name; it must not read as a reserved folder.
            taken.update(dict.fromkeys(sorted(RESERVED | {"compounds", "grids", "branches"})))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken[candidate] = None
        return candidate


# --- the generator -----------------------------------------------------------------------------


class _Generator:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.s = scale
        self.r = Random(seed)
        self.ids = _Ids()
        self.people: dict[str, list[_Person]] = {}  # street id -> rows, in creation order
        self.person_ids: dict[str, None] = {}
        self.phones: dict[str, None] = {}
        self.streets: list[_Street] = []
        self.compound_names: dict[str, None] = {}
        self.property_companies: list[dict[str, Any]] = []
        self.units: list[dict[str, Any]] = []
        self.home_orgs: list[dict[str, Any]] = []
        self.notices: list[tuple[dict[str, Any], str]] = []
        self.district: dict[str, Any] = {}
        self.district_station: dict[str, Any] = {}
        self.street_stations: dict[str, dict[str, Any]] = {}
        self.usccs: dict[str, None] = {}
        self.secretary_changes: list[tuple[_Community, dt.date]] = []
        self.calendar = _calendar()
        # Which units carry the planted report-in cases (unit ids; the moved member's person id).
        self.report_in_cases: dict[str, list[str]] = {}
        # The planted 双报告 cases: members without activities, units without a report …
        self.assessment_cases: dict[str, list[str]] = {}
        self.codes: dict[str, dict[str, str]] = {}  # code lists: code -> name
        self.unit_by_id: dict[str, dict[str, Any]] = {}

    # --- small helpers ---

    def date(self, start: str | dt.date, end: str | dt.date) -> dt.date:
        a = dt.date.fromisoformat(start) if isinstance(start, str) else start
        b = dt.date.fromisoformat(end) if isinstance(end, str) else end
        return dt.date.fromordinal(self.r.randint(a.toordinal(), b.toordinal()))

    def verified(self) -> str:
        if self.s.stale_share and self.r.random() < self.s.stale_share:
            return _iso(self.date("2024-09-01", STALE_BEFORE - dt.timedelta(days=1)))
        return _iso(self.date("2025-12-01", "2026-11-01"))

    def landline(self) -> str:
        while True:
            number = f"0999-6{self.r.randint(0, 999999):06d}"
            if number not in self.phones:
                self.phones[number] = None
                return number

    def mobile(self) -> str:
        # 13x-0000-xxxx: an obviously made-up block, so no real subscriber is ever printed.
        while True:
            number = f"13{self.r.choice('56789')}0000{self.r.randint(0, 9999):04d}"
            if number not in self.phones:
                self.phones[number] = None
                return number

    def uscc(self, prefix: str) -> str:
        while True:
            body = prefix + DISTRICT_CODE + "".join(self.r.choice(_USCC_ALPHABET) for _ in range(9))
            code = make_uscc(body)
            if code not in self.usccs:
                self.usccs[code] = None
                return code

    def person_name(self) -> str:
        surname = self.r.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]
        if self.r.random() < 0.15:
            return surname + self.r.choice(CLASSIC_GIVEN)
        n = 1 if self.r.random() < 0.4 else 2
        return surname + "".join(self.r.choice(GIVEN_CHARS) for _ in range(n))

    def person(
        self,
        where: _Where,
        *,
        public: bool,
        since: dt.date,
        note: str = "",
        name_share: float | None = None,
    ) -> str:
        """Register a synthetic person and return the opaque id used in public records."""
        while True:
            pid = "p-" + "".join(self.r.choice(_PERSON_ALPHABET) for _ in range(8))
            if pid not in self.person_ids:
                self.person_ids[pid] = None
                break
        # Public-role holders mostly agree to be named (亮身份); some also publish a phone.
        # Central households are named only with consent, and never publish a phone.
        # Members who report in are named only if they agreed (``name_share``), never with a phone.
        if name_share is not None:
            consent_name, consent_phone = self.r.random() < name_share, False
        elif public:
            consent_name = self.r.random() < 0.8
            consent_phone = consent_name and self.r.random() < 0.25
        else:
            consent_name, consent_phone = self.r.random() < 0.5, False
        consent_date = ""
        if consent_name or consent_phone:
            consent_date = _iso(min(AS_OF, since + dt.timedelta(days=self.r.randint(0, 90))))
        phone = self.mobile() if consent_phone else ""
        row = _Person(
            pid,
            self.person_name(),
            where.community,
            consent_name,
            consent_phone,
            phone,
            consent_date,
            note,
        )
        self.people.setdefault(where.street, []).append(row)
        return pid

    def post(
        self,
        post_id: str,
        role: str,
        where: _Where,
        start: dt.date,
        *,
        work_phone: str = "",
        history: float = 0.0,
        vacant_since: dt.date | None = None,
        holder: str = "",
    ) -> dict[str, Any]:
        """A post with its holders: maybe a predecessor, maybe a vacancy (posts are not people)."""
        post: dict[str, Any] = {"id": post_id, "role": role}
        if work_phone:
            post["work_phone"] = work_phone
        holders: list[dict[str, str]] = []
        if vacant_since is not None:
            # The last holder left the day before the vacancy began.
            began = vacant_since - dt.timedelta(days=self.r.randint(300, 2000))
            pid = self.person(where, public=True, since=began, note="已离任")
            holders.append(
                {
                    "person": pid,
                    "from": _iso(began),
                    "to": _iso(vacant_since - dt.timedelta(days=1)),
                }
            )
            post["holders"] = holders
            post["vacant_since"] = _iso(vacant_since)
            return post
        if self.r.random() < history:
            began = start - dt.timedelta(days=self.r.randint(400, 2500))
            pid = self.person(where, public=True, since=began, note="已离任")
            holders.append(
                {"person": pid, "from": _iso(began), "to": _iso(start - dt.timedelta(days=1))}
            )
        pid = holder or self.person(where, public=True, since=start)
        holders.append({"person": pid, "from": _iso(start)})
        post["holders"] = holders
        return post

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.calendar.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    # --- build ---

    def build(self) -> None:
        self.make_district()
        self.make_property_companies()
        self.make_streets()
        self.make_compounds()
        for street in self.streets:
            for c in street.communities:
                self.make_grids(c)
        clusters = self.make_clusters()
        for street in self.streets:
            for c in street.communities:
                self.make_compound_stations(c)
                self.make_branches(c, clusters[c.id])
                self.make_grid_posts(c)
                self.make_community_record(c)
        self.make_street_records()
        self.make_units()
        self.make_home_orgs()
        self.make_notices()
        self.check_hard_cases()
        # Report-in and the lists come last: every draw before them is unchanged, so the rest of
        # the district is the same as without them.
        self.make_report_in()
        # 双报告 after that, for the same reason.
        self.make_double_report()

    def make_district(self) -> None:
        did = self.ids.claim("district", slug(DISTRICT_NAME))
        self.district = {
            "id": did,
            "name": DISTRICT_NAME,
            "division_code": DISTRICT_CODE + "000000",
            "party_org": {"name": f"中共{DISTRICT_NAME}委员会", "kind": "committee"},
            "organisation_department": {
                "name": f"中共{DISTRICT_NAME}委组织部",
                "work_phone": "0999-6100001",
                "address": f"{DISTRICT_NAME}人民路1号",
            },
            "site": {
                "title": f"{DISTRICT_NAME}“双报到”公开平台",
                "description": "虚构的演示区：机构、地名、人员和电话均为生成的示例数据，与任何真实地方无关。",
            },
        }
        self.phones["0999-6100001"] = None
        sid = self.ids.claim("station", f"{did}-zhongxin")
        self.district_station = {
            "id": sid,
            "name": f"{DISTRICT_NAME}党群服务中心",
            "level": "district",
            "address": {"road": "人民路", "number": "3号"},
            "area_m2": 3200,
            "work_phone": self.landline(),
            "hours": copy.deepcopy(HOURS_CENTRE[1]),
            "verified_at": self.verified(),
        }

    def make_property_companies(self) -> None:
        words = list(dict.fromkeys([*COMPANY_WORDS, *NEW_PREFIXES]))
        self.r.shuffle(words)
        for word in words[: self.s.property_companies]:
            name = word + self.r.choice(PROPERTY_SUFFIXES)
            rec: dict[str, Any] = {
                "id": self.ids.claim("property_company", f"{slug(word)}-wu-ye"),
                "name": name,
            }
            if self.r.random() < 0.85:
                rec["uscc"] = self.uscc("91")
            rec["work_phone"] = self.landline()
            rec["has_party_org"] = self.r.random() < 0.65
            rec["verified_at"] = self.verified()
            self.property_companies.append(rec)

    def make_streets(self) -> None:
        fixed = [name for _, names in STREETS[: len(self.s.communities)] for name in names]
        pool = [f"{root}社区" for root in COMMUNITY_ROOTS if root not in STREET_ROOTS]
        pool = [n for n in pool if n not in fixed]
        self.r.shuffle(pool)
        roads = _roads()
        # Planted communities first, so their ids (and everything named after them) are fixed.
        planted = {
            name: self.ids.claim("community", slug(name.removesuffix("社区"))) for name in fixed
        }
        for i, (sname, first) in enumerate(STREETS[: len(self.s.communities)]):
            code = f"{DISTRICT_CODE}{i + 1:03d}000"
            street = _Street(
                self.ids.claim("street", slug(sname.removesuffix("街道"))),
                sname,
                code,
                self.landline(),
                {"road": self.r.choice(roads), "number": f"{self.r.randint(1, 300)}号"},
            )
            names = list(first) + [pool.pop() for _ in range(self.s.communities[i] - len(first))]
            for j, cname in enumerate(names):
                cid = planted.get(cname) or self.ids.claim(
                    "community", slug(cname.removesuffix("社区"))
                )
                c = _Community(
                    id=cid,
                    name=cname,
                    street=street,
                    code=code[:9] + f"{j + 1:03d}",
                    roads=self.r.sample(roads, self.r.randint(3, 5)),
                    phone=self.landline(),
                    # Claimed now so a compound station never takes the community centre's id.
                    station=self.ids.claim("station", f"{cid}-zhan"),
                )
                street.communities.append(c)
            self.streets.append(street)

    # --- compounds ---

    def make_compounds(self) -> None:
        communities = [c for st in self.streets for c in st.communities]
        by_name = {c.name: c for c in communities}
        planted = [p for p in PLANTED if p.community in by_name]
        # Planted ids first: random homophones (昌乐花园 …) then get a suffix, never the planted id.
        planted_ids = [
            self.ids.claim("compound", slug(p.name.removesuffix("小区"))) for p in planted
        ]
        for p in planted:
            self.compound_names[p.name] = None
        counts = _spread(self.r, self.s.compounds, len(communities))
        new_left = self.s.new_compounds - sum(p.age == "new" for p in planted)
        random_total = self.s.compounds - len(planted)
        ages = ["new"] * new_left + ["old"] * (random_total - new_left)
        self.r.shuffle(ages)
        for c, n in zip(communities, counts, strict=True):
            mine = [
                (p, pid)
                for p, pid in zip(planted, planted_ids, strict=True)
                if p.community == c.name
            ]
            for p, pid in mine:
                c.compounds.append(
                    self.compound(
                        c,
                        p.age,
                        p.type,
                        p.name,
                        pid,
                        p.form,
                        list(p.aliases),
                        list(p.old_names),
                        planted=True,
                    )
                )
            for _ in range(max(0, n - len(mine))):
                age = ages.pop()
                ctype = self.r.choices(*_TYPE_WEIGHTS[age])[0]
                name, aliases, old_names = self.compound_name(c, age, ctype)
                cid = self.ids.claim("compound", slug(name.removesuffix("小区")))
                form = self.r.choices(*_FORM_WEIGHTS)[0]
                c.compounds.append(
                    self.compound(c, age, ctype, name, cid, form, aliases, old_names)
                )

    def compound_name(
        self, c: _Community, age: str, ctype: str
    ) -> tuple[str, list[str], list[str]]:
        r = self.r
        aliases: list[str] = []
        old_names: list[str] = []
        name = ""
        for _ in range(12):
            aliases, old_names = [], []
            if ctype == "work_unit":
                unit = r.choice(WORK_UNITS)
                suffix = r.choice(WORK_SUFFIXES)
                name = unit + suffix
                if suffix != "宿舍" and r.random() < 0.35:
                    old_names = [f"{unit}宿舍"]
                elif r.random() < 0.2:
                    aliases = [f"{unit}大院"]
            elif ctype == "resettlement":
                village = r.choice(VILLAGES)
                name = village + r.choice(RESETTLE_SUFFIXES)
                if r.random() < 0.3:
                    old_names = [village]
            elif ctype == "mixed":
                if r.random() < 0.5:
                    name = r.choice(OLD_ROOTS) + r.choice(OLD_SUFFIXES)
                else:
                    name = f"{r.choice(c.roads)}{r.randint(1, 199)}号院"
            elif age == "old" and r.random() < 0.4:
                name = r.choice(OLD_ROOTS) + r.choice(("小区", "花园", "新村"))
            else:
                prefix, suffix = r.choice(NEW_PREFIXES), r.choice(NEW_SUFFIXES)
                name = prefix + suffix
                if suffix != "小区" and r.random() < 0.15:
                    aliases = [prefix]
            if name not in self.compound_names:
                break
        else:
            # Twelve draws all taken: a second phase or a part of an existing compound.
            base = name
            name = next(
                f"{base}{v}"
                for v in [*NAME_VARIANTS, *map(str, range(6, 99))]
                if f"{base}{v}" not in self.compound_names
            )
            aliases, old_names = [], []
        self.compound_names[name] = None
        return name, aliases, old_names

    def compound(
        self,
        c: _Community,
        age: str,
        ctype: str,
        name: str,
        cid: str,
        form: str,
        aliases: list[str],
        old_names: list[str],
        planted: bool = False,
    ) -> _Compound:
        r = self.r
        lo, hi = self.s.buildings_new if age == "new" else self.s.buildings_old
        if form == "lettered":
            hi = min(hi, 8)  # A座 … H座: lettered compounds are small
        n = r.randint(max(lo, 3) if planted else lo, hi)
        # Some compounds skip 4 (四 sounds like 死): building numbers are labels, not counts.
        numbers = [
            k for k in range(1, n + 3) if not (k == 4 and not planted and r.random() < 0.15)
        ][:n]
        built = r.randint(2005, 2023) if age == "new" else r.randint(1978, 2002)
        first_from = r.choice(
            ("2024-01-01",) * 6 + ("2023-03-01", "2023-06-01", "2024-03-15", "2024-06-30")
        )
        buildings: list[_Building] = []
        for k, num in enumerate(numbers):
            if form == "lettered":
                letter = "ABCDEFGH"[k]
                bid, label = letter.lower(), f"{letter}座"
            else:
                bid, label = str(num), _number_label(form, num)
            entrances = r.randint(1, 4) if age == "new" else r.randint(2, 5)
            floors = r.randint(11, 33) if age == "new" else r.randint(5, 7)
            buildings.append(_Building(bid, label, entrances, entrances * floors * 2, first_from))
        addresses = [{"road": r.choice(c.roads), "number": f"{r.randint(1, 300)}号"}]
        if m := re.fullmatch(r"(.+?(?:路|街|大道))(\d+)号院", name):
            addresses = [{"road": m[1], "number": f"{m[2]}号"}]  # 民主路179号院 is at 民主路179号
        if r.random() < 0.25:
            other = r.choice(c.roads)
            if other != addresses[0]["road"]:
                addresses.append({"road": other, "number": f"{r.randint(1, 300)}号"})
        if age == "new" or r.random() < 0.55:
            company = self.property_companies[_skewed(r, len(self.property_companies))]["id"]
            since = self.date(f"{max(built, 2008)}-01-01", "2025-12-31")
            prop: dict[str, Any] = {"company": company, "since": _iso(since)}
        else:
            prop = {"none": True}  # old compounds often have no property company at all
        oc: dict[str, Any] = {"exists": r.random() < (0.75 if age == "new" else 0.35)}
        if oc["exists"]:
            oc["established"] = _iso(self.date(f"{max(built, 2010)}-01-01", "2025-12-31"))
            oc["has_party_org"] = r.random() < 0.6
        stale = {s["id"] for s in HARD_CASES["stale"] if s["type"] == "compound"}
        verified = "2025-06-15" if cid in stale else self.verified()
        return _Compound(
            cid,
            name,
            c,
            age,
            ctype,
            form,
            aliases,
            old_names,
            built,
            addresses,
            prop,
            oc,
            buildings,
            planted,
            verified,
        )

    # --- grids ---

    def make_grids(self, c: _Community) -> None:
        r = self.r
        buildings = [(cp, b) for cp in c.compounds for b in cp.buildings]
        count = max(2, round(len(buildings) / self.s.buildings_per_grid))
        grid_ids = [self.ids.claim("grid", f"{c.id}-g{k + 1:02d}") for k in range(count)]
        for k, gid in enumerate(grid_ids):
            c.grids.append(
                {
                    "id": gid,
                    "name": f"{c.name}第{hanzi_number(k + 1)}网格",
                    "community": c.id,
                    "kind": "grid",
                    "number": k + 1,
                }
            )
        # Grids are drawn over the community's buildings in order. A small compound stays in one
        # grid; a large one on a boundary is split across two, which is why each building names
        # its grid.
        for i, (_cp, b) in enumerate(buildings):
            b.grid = grid_ids[i * count // len(buildings)]
        for cp in c.compounds:
            if len(cp.buildings) <= 12:
                middle = cp.buildings[len(cp.buildings) // 2].grid
                for b in cp.buildings:
                    b.grid = middle
        split = next(
            (cp for cp in c.compounds if cp.id == HARD_CASES["split_compound"]["compound"]), None
        )
        if split is not None:
            half = (len(split.buildings) + 1) // 2
            for k, b in enumerate(split.buildings):
                b.grid = grid_ids[0] if k < half else grid_ids[1]
        # A micro-grid: a building or two of one compound, under its grid.
        # liu-an always has one, so even the small demo shows a micro-grid.
        if r.random() < self.s.micro_share or c.id == "liu-an":
            parent = r.choice(c.grids)
            inside_parent = [
                b for cp in c.compounds for b in cp.buildings if b.grid == parent["id"]
            ]
            choices = [
                cp
                for cp in c.compounds
                if cp is not split and any(b.grid == parent["id"] for b in cp.buildings)
            ]
            if len(inside_parent) < 4:
                choices = []  # never empty a grid to make its micro-grid
            if choices:
                cp = r.choice(choices)
                inside = [b for b in cp.buildings if b.grid == parent["id"]][: r.randint(1, 2)]
                number = count + 1
                mid = self.ids.claim("grid", f"{parent['id']}-w1")
                c.grids.append(
                    {
                        "id": mid,
                        "name": f"{parent['name']}{cp.name}微网格",
                        "community": c.id,
                        "kind": "micro",
                        "parent": parent["id"],
                        "number": number,
                    }
                )
                for b in inside:
                    b.grid = mid
        # About 3 % of buildings were moved when grids were re-drawn: they carry history.
        for cp in c.compounds:
            for b in cp.buildings:
                rb = HARD_CASES["reassigned_building"]
                forced = cp.id == rb["compound"] and b.id == rb["building"]
                if forced or r.random() < 0.03:
                    others = [g["id"] for g in c.grids if g["id"] != b.grid and g["kind"] == "grid"]
                    b.old_grid = r.choice(others)
                    b.moved = rb["from"] if forced else _iso(self.date("2024-09-01", "2026-06-30"))
                    b.first_from = min(b.first_from, "2023-01-01")

    # --- branches ---

    def make_clusters(self) -> dict[str, list[tuple[str, list[_Compound]]]]:
        """Compounds grouped into branches, with each branch's kind, for every community."""
        r = self.r
        joint = HARD_CASES["joint_branch"]["compounds"]
        out: dict[str, list[tuple[str, list[_Compound]]]] = {}
        for street in self.streets:
            for c in street.communities:
                clusters: list[list[_Compound]] = []
                for cp in c.compounds:
                    prev = clusters[-1] if clusters else None
                    forced = (
                        prev is not None and [prev[0].id, cp.id] == joint
                    )  # the planted joint branch
                    blocked = prev is not None and prev[0].id == joint[0] and not forced
                    chance = (
                        self.s.join_old
                        if cp.age == "old" and prev and prev[-1].age == "old"
                        else self.s.join_new
                    )
                    if prev is not None and (
                        forced or (not blocked and len(prev) < 3 and r.random() < chance)
                    ):
                        prev.append(cp)
                    else:
                        clusters.append([cp])
                kinds: list[tuple[str, list[_Compound]]] = []
                for cl in clusters:
                    if len(cl) == 1:
                        small = (
                            cl[0].age == "old" and len(cl[0].buildings) <= 6 and not cl[0].planted
                        )
                        kind = "party_group" if small and r.random() < 0.06 else "compound"
                    else:
                        kind = "grid" if r.random() < 0.15 and not cl[0].planted else "joint"
                    kinds.append((kind, cl))
                out[c.id] = kinds
        # Small scales might draw no party group or grid branch at all: convert a few.
        flat = [(cid, i) for cid, kinds in out.items() for i in range(len(kinds))]
        have = sum(out[cid][i][0] == "party_group" for cid, i in flat)
        for cid, i in reversed(flat):
            if have >= self.s.min_party_groups:
                break
            kind, cl = out[cid][i]
            if kind == "compound" and not cl[0].planted and cl[0].age == "old":
                out[cid][i] = ("party_group", cl)
                have += 1
        if not any(out[cid][i][0] == "grid" for cid, i in flat):
            for cid, i in reversed(flat):
                kind, cl = out[cid][i]
                if kind == "joint" and not cl[0].planted:
                    out[cid][i] = ("grid", cl)
                    break
        return out

    def make_compound_stations(self, c: _Community) -> None:
        r = self.r
        street = c.street
        centre = {
            "id": c.station,
            "name": f"{c.name}党群服务中心",
            "level": "community",
            "street": street.id,
            "community": c.id,
            "address": {"road": c.roads[0], "number": f"{r.randint(1, 300)}号"},
            "area_m2": r.randrange(300, 1300, 10),
            "work_phone": c.phone,
            "hours": copy.deepcopy(r.choice(HOURS_CENTRE)),
        }
        if r.random() < 0.7:
            centre["posts"] = [
                self.post(
                    "manager",
                    "station-manager",
                    _Where(street.id, c.id),
                    self.date("2018-01-01", "2025-12-31"),
                    history=0.08,
                )
            ]
        centre["verified_at"] = self.verified()
        c.stations.append(centre)
        for cp in c.compounds:
            if r.random() >= (0.45 if cp.age == "new" else 0.2):
                continue
            sid = self.ids.claim("station", f"{cp.id}-zhan")
            host = r.choice(cp.buildings)
            rec: dict[str, Any] = {
                "id": sid,
                "name": f"{cp.name}党群服务站",
                "level": "compound",
                "street": street.id,
                "community": c.id,
                "address": dict(cp.addresses[0]),
                "location_note": f"{host.number}一层{r.choice('东西南北')}侧",
                "area_m2": r.randrange(60, 310, 10),
                "work_phone": self.landline(),
                "hours": copy.deepcopy(r.choice(HOURS_STATION)),
            }
            if r.random() < 0.3:
                rec["posts"] = [
                    self.post(
                        "manager",
                        "station-manager",
                        _Where(street.id, c.id),
                        self.date("2019-01-01", "2026-03-31"),
                    )
                ]
            rec["verified_at"] = self.verified()
            c.stations.append(rec)
            cp.station = sid
        for cp in c.compounds:
            for b in cp.buildings:
                b.station = cp.station or c.station

    def make_branches(self, c: _Community, clusters: list[tuple[str, list[_Compound]]]) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        grid_branch_used: dict[str, None] = {}
        grid_names = {g["id"]: g for g in c.grids}
        for kind, cl in clusters:
            first = cl[0]
            if kind == "grid":
                grid = grid_names[first.buildings[0].grid]
                if grid.get("kind") != "grid" or grid["id"] in grid_branch_used:
                    kind = "joint"
                else:
                    grid_branch_used[grid["id"]] = None
            if kind == "grid":
                bid = self.ids.claim("branch", f"{grid['id']}-zb")
                name = f"{grid['name']}党支部"
            else:
                bid = self.ids.claim("branch", f"{first.id}-zb")
                if kind == "joint":
                    name = "、".join(cp.name for cp in cl) + "联合党支部"
                elif kind == "party_group":
                    name = f"{first.name}党小组"
                else:
                    name = f"{first.name}党支部"
            groups: list[dict[str, Any]] = []
            households: list[dict[str, str]] = []
            leaders: dict[str, str] = {}  # group id -> current leader, reused for some 楼长
            for cp in cl:
                prefix = cp.name if len(cl) > 1 else ""
                pending: list[_Building] = []
                size = self.group_size()
                for b in cp.buildings:
                    b.branch = bid
                    if kind == "party_group" or r.random() < 0.04:
                        continue  # ~5 % of buildings have no building group
                    pending.append(b)
                    if len(pending) == size:
                        groups.append(
                            self.group(
                                bid, len(groups) + 1, prefix, cp.form, pending, where, leaders
                            )
                        )
                        pending, size = [], self.group_size()
                if pending:
                    groups.append(
                        self.group(bid, len(groups) + 1, prefix, cp.form, pending, where, leaders)
                    )
                for b in cp.buildings:
                    if r.random() < 0.2:
                        reuse = leaders.get(b.group) if b.group and r.random() < 0.4 else None
                        start = self.date("2019-01-01", "2026-06-30")
                        b.posts = [
                            self.post(
                                "leader",
                                "building-leader",
                                where,
                                start,
                                holder=reuse or "",
                                history=0.05 if not reuse else 0.0,
                            )
                        ]
                    k = r.choices((0, 1, 2, 3), (25, 50, 20, 5))[0]
                    if kind == "party_group":
                        k = 1 if not households and b is cp.buildings[0] else 0
                    for _ in range(k):
                        since = self.date("2018-01-01", "2026-06-30")
                        pid = self.person(where, public=False, since=since)
                        households.append(
                            {
                                "compound": cp.id,
                                "building": b.id,
                                "person": pid,
                                "since": _iso(since),
                            }
                        )
            buildings = sum(len(cp.buildings) for cp in cl)
            if kind == "party_group":
                member_count = r.randint(3, 4)  # under 5: the site must suppress the number
            else:
                floor = len(households) + len(leaders) + 3
                member_count = max(floor, round(buildings * r.uniform(1.3, 2.6)) + r.randint(0, 6))
            start = self.date("2019-01-01", "2026-03-31")
            if kind == "party_group":
                posts = [self.post("leader", "group-leader", where, start, history=0.05)]
            else:
                posts = [self.post("secretary", "secretary", where, start, history=0.08)]
                if member_count >= 25 and r.random() < 0.2:
                    posts.append(
                        self.post(
                            "deputy",
                            "deputy-secretary",
                            where,
                            self.date("2019-01-01", "2026-03-31"),
                        )
                    )
            rec: dict[str, Any] = {
                "id": bid,
                "name": name,
                "community": c.id,
                "kind": kind,
                "compounds": [cp.id for cp in cl],
                "founded": _iso(self.date("2008-01-01", "2021-12-31")),
                "member_count": member_count,
                "posts": posts,
            }
            if groups:
                rec["groups"] = groups
            if households:
                rec["central_households"] = households
            rec["verified_at"] = self.verified()
            c.branches.append(rec)

    def group_size(self) -> int:
        return self.r.choices((1, 2, 3, 4), (25, 35, 32, 8))[0]

    def group(
        self,
        branch_id: str,
        n: int,
        prefix: str,
        form: str,
        buildings: list[_Building],
        where: _Where,
        leaders: dict[str, str],
    ) -> dict[str, Any]:
        gid = self.ids.claim("group", f"{branch_id}-{n}")
        for b in buildings:
            b.group = gid
        rec: dict[str, Any] = {"id": gid, "name": prefix + _group_label(form, buildings) + "党小组"}
        if self.r.random() < 0.9:
            post = self.post(
                "leader", "group-leader", where, self.date("2019-01-01", "2026-06-30"), history=0.06
            )
            leaders[gid] = post["holders"][-1]["person"]
            rec["posts"] = [post]
        return rec

    def make_grid_posts(self, c: _Community) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        stale = {s["id"] for s in HARD_CASES["stale"] if s["type"] == "grid"}
        for g in c.grids:
            posts: list[dict[str, Any]] = []
            if g["kind"] == "micro":
                posts.append(
                    self.post(
                        "worker-1", "grid-worker-part", where, self.date("2021-01-01", "2026-06-30")
                    )
                )
            else:
                start = self.date("2018-01-01", "2026-06-30")
                posts.append(
                    self.post(
                        "worker-1",
                        "grid-worker-full",
                        where,
                        start,
                        work_phone=self.mobile(),
                        history=0.1,
                    )
                )
                for k in range(2, 2 + r.choice((1, 1, 2))):
                    hard = g["id"] == HARD_CASES["vacant_post"]["id"] and k == 2
                    vacant = (
                        dt.date.fromisoformat(HARD_CASES["vacant_post"]["vacant_since"])
                        if hard
                        else None
                    )
                    if vacant is None and r.random() < 0.03:
                        vacant = self.date("2026-01-01", "2026-10-31")
                    phone = self.mobile() if r.random() < 0.5 else ""
                    posts.append(
                        self.post(
                            f"worker-{k}",
                            "grid-worker-part",
                            where,
                            self.date("2019-01-01", "2026-06-30"),
                            work_phone=phone,
                            history=0.06,
                            vacant_since=vacant,
                        )
                    )
                posts.append(
                    self.post(
                        "instructor",
                        "grid-instructor",
                        where,
                        self.date("2019-01-01", "2026-06-30"),
                        work_phone=c.phone,
                        history=0.06,
                    )
                )
            g["posts"] = posts
            g["verified_at"] = "2025-08-20" if g["id"] in stale else self.verified()

    def make_community_record(self, c: _Community) -> None:
        r = self.r
        where = _Where(c.street.id, c.id)
        members = sum(b["member_count"] for b in c.branches) + r.randint(8, 40)
        kind, org_name = _party_org_kind(members)
        households = sum(b.households for cp in c.compounds for b in cp.buildings)
        if c.id == HARD_CASES["appointment"]["community"]:
            # The appointment notice's secretary: predecessor until the day before.
            start = dt.date.fromisoformat(HARD_CASES["appointment"]["from"])
            began = self.date("2016-01-01", "2020-12-31")
            prev = self.person(where, public=True, since=began, note="已离任")
            secretary = {
                "id": "secretary",
                "role": "secretary",
                "work_phone": self.landline(),
                "holders": [
                    {"person": prev, "from": _iso(began), "to": _iso(start - dt.timedelta(days=1))},
                    {"person": self.person(where, public=True, since=start), "from": _iso(start)},
                ],
            }
            self.secretary_changes.append((c, start))
        else:
            changed = r.random() < 0.15
            start = (
                self.date("2025-03-01", "2026-10-31")
                if changed
                else self.date("2017-01-01", "2024-12-31")
            )
            secretary = self.post(
                "secretary",
                "secretary",
                where,
                start,
                work_phone=self.landline(),
                history=1.0 if changed else 0.0,
            )
            if changed:
                self.secretary_changes.append((c, start))
        posts = [
            secretary,
            self.post(
                "deputy",
                "deputy-secretary",
                where,
                self.date("2018-01-01", "2026-03-31"),
                history=0.08,
            ),
        ]
        for k in range(1, r.randint(2, 4)):
            posts.append(
                self.post(
                    f"member-{k}", "committee-member", where, self.date("2018-01-01", "2026-03-31")
                )
            )
        c.record = {
            "id": c.id,
            "name": c.name,
            "street": c.street.id,
            "division_code": c.code,
            "party_org": {"name": f"中共{c.name}{org_name}", "kind": kind, "member_count": members},
            "address": dict(c.stations[0]["address"]),
            "population": round(households * r.uniform(2.4, 2.9)),
            "households": households,
            "posts": posts,
            "verified_at": self.verified(),
        }

    def make_street_records(self) -> None:
        r = self.r
        for st in self.streets:
            where = _Where(st.id)
            st.station = self.ids.claim("station", f"{st.id}-zhongxin")
            station: dict[str, Any] = {
                "id": st.station,
                "name": f"{st.name}党群服务中心",
                "level": "street",
                "street": st.id,
                "address": dict(st.address),
                "area_m2": r.randrange(800, 2600, 50),
                "work_phone": self.landline(),
                "hours": copy.deepcopy(HOURS_CENTRE[1]),
                "posts": [
                    self.post(
                        "manager", "station-manager", where, self.date("2019-01-01", "2025-12-31")
                    )
                ],
                "verified_at": self.verified(),
            }
            self.street_stations[st.id] = station
            st.record = {
                "id": st.id,
                "name": st.name,
                "division_code": st.code,
                "party_org": {"name": f"中共{st.name}工作委员会", "kind": "committee"},
                "address": dict(st.address),
                "work_phone": st.phone,
                "posts": [
                    self.post(
                        "secretary",
                        "secretary",
                        where,
                        self.date("2019-01-01", "2025-06-30"),
                        work_phone=st.phone,
                        history=0.2,
                    ),
                    self.post(
                        "deputy", "deputy-secretary", where, self.date("2019-01-01", "2025-06-30")
                    ),
                ],
                "verified_at": self.verified(),
            }

    # --- units, home organisations ---

    def make_units(self) -> None:
        r = self.r
        n = self.s.units
        quotas = {"organ": round(n * 0.08), "institution": round(n * 0.22), "soe": round(n * 0.12)}
        quotas["new_org"] = n - sum(quotas.values())
        communities = [c for st in self.streets for c in st.communities]
        names = _unit_names(r, communities, quotas)
        for kind, name, prefix in names:
            c = r.choice(communities)
            members = {
                "organ": r.randint(12, 150),
                "institution": r.randint(8, 300),
                "soe": r.randint(10, 400),
                "new_org": r.randint(3, 40),
            }[kind]
            org_kind, org_suffix = _party_org_kind(members)
            org_name = f"中共{name}{'机关' if kind == 'organ' and org_kind == 'branch' else ''}{org_suffix}"
            uid = self.ids.claim(
                "unit", slug(name.removesuffix("有限公司").removesuffix("有限责任"), 48)
            )
            # Unit secretaries live anywhere; most live in the unit's street, some outside the district.
            home = r.choice(c.street.communities).id if r.random() < 0.6 else ""
            where = _Where(c.street.id, home)
            rec = {
                "id": uid,
                "name": name,
                "kind": kind,
                "uscc": self.uscc(prefix),
                "community": c.id,
                "address": {"road": r.choice(c.roads), "number": f"{r.randint(1, 400)}号"},
                "party_org": {"name": org_name, "kind": org_kind, "member_count": members},
                "work_phone": self.landline(),
                "posts": [
                    self.post(
                        "secretary",
                        "secretary",
                        where,
                        self.date("2017-01-01", "2026-06-30"),
                        work_phone=self.landline(),
                        history=0.07,
                    )
                ],
                "verified_at": self.verified(),
            }
            self.units.append(rec)

    def make_home_orgs(self) -> None:
        r = self.r
        n = self.s.home_orgs
        linked = [
            u for u in self.units if u["party_org"]["member_count"] >= 8 and u["kind"] != "new_org"
        ]
        take = r.sample(linked, min(len(linked), round(n * 0.6)))
        take.sort(key=lambda u: self.units.index(u))
        for u in take:
            self.home_orgs.append(
                {
                    "id": self.ids.claim("home_org", u["id"]),
                    "name": u["party_org"]["name"],
                    "location": DISTRICT_NAME,
                    "unit": u["id"],
                    "work_phone": u["work_phone"],
                    "verified_at": self.verified(),
                }
            )
        outside: list[tuple[str, str]] = [(f"省{o}机关党委", "省直机关") for o in PROVINCE_ORGANS]
        outside += [(f"市{b}机关党委", "市直机关") for b in BUREAUS if not b.startswith("人民")]
        outside += [(f"{w}职业技术学院党委", "市内高校") for w in COMPANY_WORDS[:20]]
        outside += [(f"市{w}集团有限公司党委", "市属国有企业") for w in COMPANY_WORDS[20:40]]
        unit_names = {u["party_org"]["name"] for u in self.units}
        outside = [(name, loc) for name, loc in outside if name not in unit_names]
        r.shuffle(outside)
        for name, loc in outside[: n - len(self.home_orgs)]:
            base = slug(
                name.removesuffix("机关党委").removesuffix("党委").removesuffix("有限公司"), 48
            )
            self.home_orgs.append(
                {
                    "id": self.ids.claim("home_org", base),
                    "name": name,
                    "location": loc,
                    "work_phone": self.landline(),
                    "verified_at": self.verified(),
                }
            )

    # --- notices ---

    def make_notices(self) -> None:
        r = self.r
        dept = self.district["organisation_department"]
        objection = {
            "contact": dept["name"],
            "phone": dept["work_phone"],
            "address": dept["address"],
        }
        branches = [b for st in self.streets for c in st.communities for b in c.branches]
        communities = [c for st in self.streets for c in st.communities]
        # Every scale has the three notices the demo needs: an appointment counted in working
        # days, a rating with an explicit end date, and an "other" notice corrected once.
        hard = HARD_CASES["appointment"]
        c = next(c for c, _day in self.secretary_changes if c.id == hard["community"])
        self.appointment(c, dt.date(2026, 9, 1), hard["notice"], objection)
        rated = r.sample(branches, min(6, len(branches)))
        self.notice(
            dt.date(2026, 7, 15),
            "2026h1-star-rating",
            "2026年上半年小区党支部评星定级结果公示",
            "rating",
            "《青禾区小区党支部评星定级管理办法》",
            {"end": "2026-07-21"},
            [{"type": "branch", "id": b["id"]} for b in rated],
            objection,
            "根据各社区党委推荐、街道党工委审核，现将2026年上半年小区党支部评星定级结果予以公示。"
            "四星级以上支部按规定给予工作经费补助；二星级以下支部限期整改。\n\n评定结果详见各支部页面。",
        )
        self.notice(
            dt.date(2026, 11, 2),
            "2027-baodao-plan",
            "2027年度“双报到”工作安排公示",
            "other",
            "中共青禾区委组织部关于深化“双报到双报告双考核”工作的通知",
            {"end": "2026-11-13"},
            [{"type": "street", "id": st.id} for st in self.streets[:2]],
            objection,
            "2027年度驻区单位和在职党员“双报到”工作自2027年1月1日开始，报到截止日期为2027年3月31日。"
            "各社区党委应及时更新资源清单、需求清单和项目清单。",
            [
                {
                    "date": "2026-11-05",
                    "reason": "报到截止日期写错",
                    "summary": "报到截止日期由2027年3月30日更正为2027年3月31日",
                }
            ],
        )
        if self.s.notices <= 3:
            return
        extra = [
            (
                dt.date(2026, 1, 20),
                "2025h2-star-rating",
                "2025年下半年小区党支部评星定级结果公示",
                "rating",
                {"end": "2026-01-26"},
                [
                    {"type": "branch", "id": b["id"]}
                    for b in r.sample(branches, min(5, len(branches)))
                ],
            ),
            (
                dt.date(2026, 2, 2),
                "2025-community-assessment",
                "2025年度社区综合考核结果公示",
                "result",
                {"end": "2026-02-06"},
                [{"type": "community", "id": c.id} for c in communities[:4]],
            ),
            (
                dt.date(2026, 8, 10),
                "2026h1-community-assessment",
                "2026年上半年社区综合考核结果公示",
                "result",
                {"end": "2026-08-14"},
                [{"type": "community", "id": c.id} for c in communities[-4:]],
            ),
            (
                dt.date(2026, 7, 6),
                "2026q2-property-list",
                "2026年第二季度物业服务红黑榜",
                "list",
                {"end": "2026-07-10"},
                [],
            ),
            (
                dt.date(2026, 10, 12),
                "2026q3-property-list",
                "2026年第三季度物业服务红黑榜",
                "list",
                {"end": "2026-10-16"},
                [],
            ),
            (
                dt.date(2026, 3, 2),
                "2026-admission-list",
                "2026年社区工作事项准入清单公示",
                "other",
                {"end": "2026-03-13"},
                [{"type": "street", "id": st.id} for st in self.streets],
            ),
            (
                dt.date(2026, 5, 11),
                "2026-micro-wishes",
                "2026年“微心愿”认领情况公示",
                "other",
                {"end": "2026-05-15"},
                [{"type": "community", "id": communities[1].id}],
            ),
        ]
        for st in self.streets:
            extra.append(
                (
                    dt.date(2026, 7, 15),
                    f"{st.id}-2026h1-star-rating",
                    f"{st.name}2026年上半年小区党支部星级名单",
                    "rating",
                    {"end": "2026-07-21"},
                    [
                        {"type": "branch", "id": b["id"]}
                        for c in st.communities[:2]
                        for b in c.branches[:2]
                    ],
                )
            )
        extra = extra[: self.s.notices - 3]
        # The rest are appointments: community secretaries who took office since 2025.
        changes = [
            (c, day)
            for c, day in self.secretary_changes
            if day.year >= 2025 and c.id != hard["community"]
        ]
        for c, day in changes[: self.s.notices - 3 - len(extra)]:
            self.appointment(
                c,
                self.next_workday(day - dt.timedelta(days=25)),
                f"{c.id}-secretary-{day.year}",
                objection,
            )
        for day, nid, title, kind, period, related in extra:
            amendments = None
            if nid == "2026-admission-list":
                amendments = [
                    {
                        "date": "2026-03-04",
                        "reason": "漏列一项协助事项",
                        "summary": "补列“退役军人信息采集”为协助事项",
                    }
                ]
            body = f"现将{title.removesuffix('公示')}予以公示。公示期间如有异议，请向下列单位反映。"
            self.notice(
                day,
                nid,
                title,
                kind,
                "中共青禾区委组织部有关工作安排",
                period,
                related,
                objection,
                body,
                amendments,
            )

    def appointment(
        self, c: _Community, start: dt.date, nid: str, objection: dict[str, str]
    ) -> None:
        """An appointment notice: five working days, ending before the new secretary takes office."""
        org = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[
            c.record["party_org"]["kind"]
        ]
        title = f"{c.name}{org}书记"
        self.notice(
            start,
            nid,
            f"{title}任职公示",
            "appointment",
            "《党政领导干部选拔任用工作条例》第四十一条",
            {"working_days": 5},
            [{"type": "community", "id": c.id}],
            objection,
            f"经研究，拟任命下列同志为{title}，现予公示。\n\n"
            "公示期间，如对拟任人选有意见，请通过下方电话或来信来访反映。反映问题应实事求是，"
            "以单位名义反映的应加盖公章，以个人名义反映的应署真实姓名。",
        )

    def notice(
        self,
        start: dt.date,
        nid: str,
        title: str,
        kind: str,
        basis: str,
        period: dict[str, Any],
        related: list[dict[str, str]],
        objection: dict[str, str],
        body: str,
        amendments: list[dict[str, str]] | None = None,
    ) -> None:
        front: dict[str, Any] = {
            "id": self.ids.claim("notice", nid),
            "title": title,
            "kind": kind,
            "basis": basis,
            "start": _iso(start),
            **period,
        }
        if related:
            front["related"] = related
        front["objection"] = dict(objection)
        if amendments:
            front["amendments"] = amendments
        self.notices.append((front, body))

    # --- 双报到: unit registrations, the three lists, concurrent members, member registrations ---

    def make_report_in(self) -> None:
        communities = [c for st in self.streets for c in st.communities]
        self.codes = {
            name: _code_list(name)
            for name in (
                "need-categories",
                "resource-categories",
                "service-types",
                "concurrent-duties",
            )
        }
        self.check_codes()
        self.unit_by_id = {u["id"]: u for u in self.units}
        self.make_unit_registrations(communities)
        for c in communities:
            self.make_lists(c)
        self.make_concurrent_members()
        self.make_member_registrations(communities)

    def check_codes(self) -> None:
        """Every category and service type the pools name is in the district's code lists."""
        needs, resources = self.codes["need-categories"], self.codes["resource-categories"]
        services = self.codes["service-types"]
        for _n, category, serves, *_rest in (*RESOURCES, *OWN_RESOURCES):
            _expect(category in resources and set(serves) <= set(needs), f"resource codes of {_n}")
        for _n, category, *_rest in (*COMPOUND_NEEDS, *COMMUNITY_NEEDS, *UNIT_NEEDS, *WISHES):
            _expect(category in needs, f"need category of {_n}")
        for _n, cats, _d in PROJECT_THEMES:
            _expect(set(cats) <= set(needs), f"need categories of {_n}")
        for _n, types in TEAMS:
            _expect(set(types) <= set(services), f"service types of {_n}")
        for _n, stype, _m, _o in EVENTS:
            _expect(stype in services, f"service type of {_n}")

    def make_unit_registrations(self, communities: list[_Community]) -> None:
        """Every unit reports in for 2026 except a few; some also for 2025; a few late or elsewhere."""
        r = self.r
        by_id = {c.id: c for c in communities}
        n = len(self.units)
        order = list(range(n))
        r.shuffle(order)
        k_skip, k_else, k_late = (
            max(1, round(n * share))
            for share in (NOT_REGISTERED_SHARE, ELSEWHERE_SHARE, LATE_SHARE)
        )
        skip = set(order[:k_skip])
        elsewhere = set(order[k_skip : k_skip + k_else])
        late = set(order[k_skip + k_else : k_skip + k_else + k_late])
        earlier = set(r.sample(range(n), round(n * EARLIER_SHARE)))
        cases: dict[str, list[str]] = {"not_registered": [], "elsewhere": [], "late": []}
        for i, u in enumerate(self.units):
            home = by_id[u["community"]]
            members = u["party_org"]["member_count"]
            contact = {
                "title": r.choice(CONTACT_TITLES[u["kind"]]),
                "work_phone": u["work_phone"] if r.random() < 0.5 else self.landline(),
            }
            facts = (
                f"{u['name']}，{UNIT_KIND_ZH[u['kind']]}，党员{members}名。{r.choice(UNIT_FACTS)}"
            )
            if i in earlier:
                day = self.date(f"{REPORT_EARLIER}-01-05", f"{REPORT_EARLIER}-03-31")
                self.registration(u, home, REPORT_EARLIER, day, contact, facts)
            if i in skip:
                cases["not_registered"].append(u["id"])
                continue
            where, reason = home, ""
            others = [c for c in home.street.communities if c is not home]
            if i in elsewhere and others:
                where, reason = r.choice(others), r.choice(ELSEWHERE_REASONS)
                cases["elsewhere"].append(f"{REPORT_YEAR}-{u['id']}")
            if i in late:
                day = self.date(f"{REPORT_YEAR}-04-01", f"{REPORT_YEAR}-04-30")
                cases["late"].append(f"{REPORT_YEAR}-{u['id']}")
            else:
                day = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-03-31")
            self.registration(u, where, REPORT_YEAR, day, contact, facts, reason)
        self.report_in_cases.update(cases)

    def registration(
        self,
        u: dict[str, Any],
        c: _Community,
        year: int,
        day: dt.date,
        contact: dict[str, str],
        facts: str,
        reason: str = "",
    ) -> None:
        r = self.r
        rec: dict[str, Any] = {
            "id": self.ids.claim("unit_registration", f"{year}-{u['id']}"),
            "year": year,
            "unit": u["id"],
            "community": c.id,
            "date": _iso(day),
        }
        if reason:
            rec["elsewhere_reason"] = reason
        rec["party_member_count"] = u["party_org"]["member_count"]
        rec["facts"] = facts
        rec["contact"] = dict(contact)
        current = year == REPORT_YEAR
        k_res = r.choices((0, 1, 2), (30, 55, 15) if current else (60, 40, 0))[0]
        k_need = r.choices((0, 1), (70, 30) if current else (85, 15))[0]
        provider = {"type": "unit", "id": u["id"]}
        resources = [
            self.resource(c, provider, t, day, year)["id"] for t in self.unit_resources(u, k_res)
        ]
        needs = [self.need(c, provider, r.choice(UNIT_NEEDS), day)["id"] for _ in range(k_need)]
        if resources:
            rec["resources"] = resources
        if needs:
            rec["needs"] = needs
        c.registrations.append(rec)

    def unit_resources(self, u: dict[str, Any], k: int) -> list[_ResourceT]:
        """``k`` different resources, most often ones a unit of that name would have."""
        fit = [t for t in RESOURCES if any(w in u["name"] for w in t[6])]
        out: list[_ResourceT] = []
        while len(out) < k:
            t = self.r.choice(fit if fit and self.r.random() < 0.7 else RESOURCES)
            if t not in out:
                out.append(t)
        return out

    def history(
        self, start: dt.date, statuses: list[str], gap: tuple[int, int] = (7, 90)
    ) -> list[dict[str, str]]:
        """Status changes in date order from ``start``; the chain stops at "today"."""
        out = [{"date": _iso(start), "status": statuses[0]}]
        day = start
        for status in statuses[1:]:
            day += dt.timedelta(days=self.r.randint(*gap))
            if day > AS_OF:
                break
            out.append({"date": _iso(day), "status": status})
        return out

    def verified_after(self, day: str) -> str:
        """Verified on or after the record's last change (unless drawn stale)."""
        return max(self.verified(), day)

    def resource(
        self,
        c: _Community,
        provider: dict[str, str],
        t: _ResourceT,
        start: dt.date,
        year: int,
    ) -> dict[str, Any]:
        r = self.r
        name, category, serves, measure, (lo, hi), description, _words_ = t
        items = c.lists.setdefault("resource", [])
        capacity = r.randint(lo, hi)
        if measure == "元":
            capacity = max(1000, round(capacity, -3))
        available = {"from": _iso(start)}
        if year < REPORT_YEAR or r.random() < 0.7:
            available["to"] = f"{year}-12-31"
        rec: dict[str, Any] = {
            "id": self.ids.claim("resource", f"{c.id}-r{len(items) + 1:02d}"),
            "name": name,
            "community": c.id,
            "category": category,
            "provider": dict(provider),
            "description": description,
            "capacity": capacity,
            "unit_of_measure": measure,
            "available": available,
            "serves": list(serves),
            "verified_at": self.verified_after(available["from"]),
        }
        items.append(rec)
        return rec

    def need(
        self,
        c: _Community,
        raised_by: dict[str, str],
        t: tuple[str, str, str],
        raised: dt.date,
        compound: _Compound | None = None,
    ) -> dict[str, Any]:
        r = self.r
        name, category, description = t
        items = c.lists.setdefault("need", [])
        rec: dict[str, Any] = {
            "id": self.ids.claim("need", f"{c.id}-n{len(items) + 1:02d}"),
            "name": compound.name + name if compound else name,
            "community": c.id,
            "category": category,
            "raised_by": dict(raised_by),
        }
        if compound:
            rec["compound"] = compound.id
        rec["description"] = description
        rec["urgency"] = r.choices(("low", "medium", "high"), (45, 40, 15))[0]
        rec["raised"] = _iso(raised)
        roll = r.random()
        if roll < 0.3:
            statuses = ["open"]
        elif roll < 0.5:
            statuses = ["open", "matched"]
        elif roll < 0.55:
            statuses = ["open", "closed"]
        else:
            statuses = ["open", "matched", "met"]
        rec["history"] = self.history(raised, statuses)
        rec["verified_at"] = self.verified_after(rec["history"][-1]["date"])
        items.append(rec)
        return rec

    def make_lists(self, c: _Community) -> None:
        """The community's resources, needs, projects, wishes, teams and events."""
        r, s = self.r, self.s
        community = {"type": "community", "id": c.id}
        branch_of = {cp.id: cp.buildings[0].branch for cp in c.compounds}

        def branch() -> dict[str, str]:
            return {"type": "branch", "id": r.choice(c.branches)["id"]}

        for _ in range(r.randint(*s.resources)):
            t = r.choice(OWN_RESOURCES)
            roll = r.random()
            if roll < 0.5:
                provider = community
            elif roll < 0.8:
                provider = branch()
            else:
                provider = {"type": "compound", "id": r.choice(c.compounds).id}
            start = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-06-30")
            self.resource(c, provider, t, start, REPORT_YEAR)
        for _ in range(r.randint(*s.needs)):
            raised = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-10-31")
            if r.random() < 0.55:
                cp = r.choice(c.compounds)
                roll = r.random()
                if roll < 0.5:
                    by = {"type": "compound", "id": cp.id}
                elif roll < 0.8:
                    by = {"type": "branch", "id": branch_of[cp.id]}
                else:
                    by = community
                self.need(c, by, r.choice(COMPOUND_NEEDS), raised, cp)
            else:
                by = community if r.random() < 0.75 else branch()
                self.need(c, by, r.choice(COMMUNITY_NEEDS), raised)
        # Units that reported in here; a community without any partners with a unit of its street.
        partners = [self.unit_by_id[reg["unit"]] for reg in c.registrations]
        partners = list({u["id"]: u for u in partners}.values())
        if not partners:
            partners = [
                u for u in self.units if u["community"] in {x.id for x in c.street.communities}
            ]
        partners = partners or self.units
        self.make_projects(c, community, partners)
        self.make_wishes(c)
        self.make_teams(c, community, partners)
        self.make_events(c, community, partners)

    def make_projects(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        items = c.lists.setdefault("project", [])
        needs, resources = c.lists.get("need", []), c.lists.get("resource", [])
        for _ in range(r.randint(*self.s.projects)):
            u = r.choice(partners)
            theme, cats, deliverables = r.choice(PROJECT_THEMES)
            contract = r.random() < 0.4
            fitting = [n for n in needs if n["category"] in cats] or needs
            chosen_needs = r.sample(fitting, min(len(fitting), r.randint(1, 2)))
            own = [x for x in resources if x["provider"] == {"type": "unit", "id": u["id"]}]
            fitting_res = own or [x for x in resources if set(x["serves"]) & set(cats)]
            chosen_res = r.sample(fitting_res, min(len(fitting_res), r.randint(0, 2)))
            # Agreed after the needs it meets were raised.
            earliest = max([dt.date(2025, 3, 1), *(_as_date(n["raised"]) for n in chosen_needs)])
            sign = self.date(earliest, max(earliest, dt.date(REPORT_YEAR, 9, 30)))
            planned_first = contract or r.random() < 0.3
            start = sign + dt.timedelta(days=r.randint(7, 45)) if planned_first else sign
            end = start + dt.timedelta(days=r.randint(60, 365))
            history = [{"date": _iso(sign), "status": "planned" if planned_first else "active"}]
            if planned_first and start <= AS_OF:
                history.append({"date": _iso(start), "status": "active"})
            if end <= AS_OF:
                if r.random() < 0.9:
                    history.append({"date": _iso(end), "status": "done"})
                else:
                    stop = start + dt.timedelta(days=r.randint(1, (end - start).days))
                    history.append({"date": _iso(stop), "status": "dropped"})
            kind = "契约化共建" if contract else "共建"
            rec: dict[str, Any] = {
                "id": self.ids.claim("project", f"{c.id}-p{len(items) + 1:02d}"),
                "name": f"{c.name}与{u['name']}“{theme}”{kind}项目",
                "community": c.id,
                "contract": contract,
                "parties": [dict(community), {"type": "unit", "id": u["id"]}],
            }
            if chosen_needs:
                rec["needs"] = [n["id"] for n in chosen_needs]
            if chosen_res:
                rec["resources"] = [x["id"] for x in chosen_res]
            rec.update(
                {
                    "start": _iso(start),
                    "end": _iso(end),
                    "deliverables": list(deliverables),
                    "history": history,
                    "verified_at": self.verified_after(history[-1]["date"]),
                }
            )
            items.append(rec)

    def make_wishes(self, c: _Community) -> None:
        r = self.r
        items = c.lists.setdefault("wish", [])
        for _ in range(r.randint(*self.s.wishes)):
            name, category, households = r.choice(WISHES)
            cp = r.choice(c.compounds)
            raised = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-10-31")
            roll = r.random()
            if roll < 0.25:
                statuses = ["open"]
            elif roll < 0.45:
                statuses = ["open", "matched"]
            else:
                statuses = ["open", "matched", "met"]
            history = self.history(raised, statuses, (2, 30))
            items.append(
                {
                    "id": self.ids.claim("wish", f"{c.id}-w{len(items) + 1:02d}"),
                    "name": name,
                    "community": c.id,
                    "category": category,
                    "compound": cp.id,
                    "household": r.choice(households),
                    "raised": _iso(raised),
                    "history": history,
                    "verified_at": self.verified_after(history[-1]["date"]),
                }
            )

    def make_teams(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        items = c.lists.setdefault("team", [])
        root = c.name.removesuffix("社区")
        for name, types in r.sample(TEAMS, min(len(TEAMS), r.randint(*self.s.teams))):
            roll = r.random()
            if roll < 0.15:
                u = r.choice(partners)
                organiser, title = {"type": "unit", "id": u["id"]}, u["name"] + name
            elif roll < 0.35:
                organiser, title = {"type": "branch", "id": r.choice(c.branches)["id"]}, root + name
            else:
                organiser, title = dict(community), root + name
            items.append(
                {
                    "id": self.ids.claim("team", f"{c.id}-t{len(items) + 1:02d}"),
                    "name": title,
                    "community": c.id,
                    "organiser": organiser,
                    "service_types": list(types),
                    "members": r.randint(3, 60),
                    "verified_at": self.verified(),
                }
            )

    def make_events(
        self, c: _Community, community: dict[str, str], partners: list[dict[str, Any]]
    ) -> None:
        r = self.r
        teams = c.lists.get("team", [])
        drafts: list[tuple[dt.date, dict[str, Any]]] = []
        for _ in range(r.randint(*self.s.events)):
            name, stype, (first, last), open_to = r.choice(EVENTS)
            end = dt.date(REPORT_YEAR, 12, 31)
            if last < 12:
                end = dt.date(REPORT_YEAR, last + 1, 1) - dt.timedelta(days=1)
            day = self.date(dt.date(REPORT_YEAR, first, 1), end)
            rec: dict[str, Any] = {"name": name, "community": c.id, "date": _iso(day)}
            if r.random() < 0.6:
                station = c.stations[0] if r.random() < 0.6 else r.choice(c.stations)
                rec["place"], rec["station"] = station["name"], station["id"]
            else:
                cp = r.choice(c.compounds)
                rec["place"] = cp.name + r.choice(("中心广场", "活动广场", "健身广场", "门口"))
            roll = r.random()
            if roll < 0.65:
                rec["organiser"] = dict(community)
            elif roll < 0.8:
                rec["organiser"] = {"type": "branch", "id": r.choice(c.branches)["id"]}
            else:
                rec["organiser"] = {"type": "unit", "id": r.choice(partners)["id"]}
            rec["service_type"] = stype
            rec["open_to"] = open_to
            if teams and r.random() < 0.5:
                rec["team"] = r.choice(teams)["id"]
            rec["verified_at"] = self.verified_after(f"{REPORT_YEAR}-01-05")  # this year's plan
            drafts.append((day, rec))
        # Numbered in date order, as a community lists its year's events.
        items = c.lists.setdefault("event", [])
        for _day, rec in sorted(drafts, key=lambda d: d[0]):
            items.append({"id": self.ids.claim("event", f"{c.id}-e{len(items) + 1:02d}"), **rec})

    def make_concurrent_members(self) -> None:
        """大党委兼职委员: 1–3 unit leaders on each community with units, one notice per street."""
        r = self.r
        dept = self.district["organisation_department"]
        objection = {
            "contact": dept["name"],
            "phone": dept["work_phone"],
            "address": dept["address"],
        }
        duties = self.codes["concurrent-duties"]
        codes = list(duties)
        # Members come from the units of the community, those that reported in for 2026 first.
        registered = {
            reg["unit"]
            for c in (c for st in self.streets for c in st.communities)
            for reg in c.registrations
            if reg["year"] == REPORT_YEAR
        }
        units_of: dict[str, list[dict[str, Any]]] = {}
        for u in self.units:
            units_of.setdefault(u["community"], []).append(u)
        for st in self.streets:
            start = self.next_workday(self.date(f"{REPORT_YEAR}-04-07", f"{REPORT_YEAR}-05-29"))
            end = self.calendar.end_after(start, 5)
            nid = f"{st.id}-concurrent-members-{REPORT_YEAR}"
            lines: list[str] = []
            related: list[dict[str, str]] = []
            for c in st.communities:
                units = units_of.get(c.id, [])
                if not units:
                    continue
                units = [u for u in units if u["id"] in registered] or units
                org = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[
                    c.record["party_org"]["kind"]
                ]
                k = min(len(units), r.choices((1, 2, 3), (25, 45, 30))[0])
                chosen = sorted(r.sample(range(len(units)), k))
                related.append({"type": "community", "id": c.id})
                for n, j in enumerate(chosen, 1):
                    u = units[j]
                    picked = [
                        codes[i] for i in sorted(r.sample(range(len(codes)), r.randint(2, 3)))
                    ]
                    since = end + dt.timedelta(days=r.randint(1, 10))
                    home = r.choice(st.communities).id if r.random() < 0.6 else ""
                    pid = self.person(_Where(st.id, home), public=True, since=since)
                    c.record["posts"].append(
                        {
                            "id": f"concurrent-{n}",
                            "role": "concurrent-member",
                            "unit": u["id"],
                            "duties": picked,
                            "notice": nid,
                            "work_phone": self.landline(),
                            "holders": [{"person": pid, "from": _iso(since)}],
                        }
                    )
                    related.append({"type": "unit", "id": u["id"]})
                    names = "、".join(duties[code] for code in picked)
                    lines.append(f"- {c.name}{org}兼职委员：{u['name']}党组织负责同志（{names}）")
            if not lines:
                continue
            title = f"{st.name}社区“大党委”兼职委员任职公示"
            self.notice(
                start,
                nid,
                title,
                "appointment",
                "中共青禾区委组织部关于推行社区“大党委”制的实施意见",
                {"working_days": 5},
                related,
                objection,
                "经驻区单位党组织推荐、社区党委提名、街道党工委审核，拟聘任下列同志为社区“大党委”"
                "兼职委员，现予公示。\n\n" + "\n".join(lines) + "\n\n"
                "公示期间，如有意见，请通过下方电话或来信来访反映。",
            )
            _expect(self.notices[-1][0]["id"] == nid, f"notice id {nid}")

    def make_member_registrations(self, communities: list[_Community]) -> None:
        """在职党员报到 for 2026: new registry persons, at most once each across the district."""
        r = self.r
        weights = [
            sum(b.households for cp in c.compounds for b in cp.buildings) for c in communities
        ]
        quotas = _apportion(self.s.members, weights)
        total = sum(quotas)
        order = list(range(total))
        r.shuffle(order)
        n_moved = max(1, int(total * MEMBER_MOVED_SHARE))
        n_late = max(1, round(total * MEMBER_LATE_SHARE))
        moved, late = set(order[:n_moved]), set(order[n_moved : n_moved + n_late])
        outside = [h["id"] for h in self.home_orgs if h["location"] != DISTRICT_NAME]
        unit_ids = [u["id"] for u in self.units]
        services = list(self.codes["service-types"])
        cases: list[str] = []
        k = 0
        for c, n in zip(communities, quotas, strict=True):
            cum: list[int] = []
            for cp in c.compounds:
                cum.append((cum[-1] if cum else 0) + sum(b.households for b in cp.buildings))
            rows: list[list[str]] = []
            for _ in range(n):
                cp = r.choices(c.compounds, cum_weights=cum)[0]
                building = r.choice(cp.buildings).id
                if k in late:
                    day = self.date(f"{REPORT_YEAR}-04-01", f"{REPORT_YEAR}-05-29")
                else:
                    day = self.date(f"{REPORT_YEAR}-01-05", f"{REPORT_YEAR}-03-31")
                moved_from = note = ""
                if k in moved:
                    # Moved house during the year: reports in with the new community only.
                    same_street = [x for x in c.street.communities if x is not c]
                    old = r.choice(same_street or [x for x in communities if x is not c])
                    moved_from, note = old.id, f"年内由{old.name}迁入"
                pid = self.person(
                    _Where(c.street.id, c.id), public=False, since=day, name_share=0.05
                )
                if moved_from:
                    cases.append(pid)
                home_org = (
                    r.choice(outside) if outside and r.random() < 0.35 else r.choice(unit_ids)
                )
                specialties = (
                    "、".join(r.sample(SPECIALTIES, r.randint(1, 2))) if r.random() < 0.8 else ""
                )
                hobbies = "、".join(r.sample(HOBBIES, r.randint(1, 3))) if r.random() < 0.7 else ""
                types = sorted(r.sample(range(len(services)), r.randint(1, 2)))
                needs = r.choice(MEMBER_NEEDS) if r.random() < 0.06 else ""
                rows.append(
                    [
                        pid,
                        _iso(day),
                        home_org,
                        cp.id,
                        building,
                        specialties,
                        hobbies,
                        ";".join(services[i] for i in types),
                        needs,
                        moved_from,
                        note,
                    ]
                )
                k += 1
            rows.sort(key=lambda row: row[0])
            c.members = rows
        self.report_in_cases["moved_member"] = cases

    # --- 双报告 ---

    def make_double_report(self) -> None:
        """Activity logs of the members who reported in, unit reports and evaluations (2026)."""
        communities = [c for st in self.streets for c in st.communities]
        services = self.codes["service-types"]
        _expect(set(ACTIVITIES) == set(services), "activity pools cover the service types")
        self.make_activities(communities)
        self.make_unit_reports(communities)

    def make_activities(self, communities: list[_Community]) -> None:
        """Each registered member's activity rows, in the community they report in (and, for a
        member who moved, a few in the old community before the move)."""
        r = self.r
        by_id = {c.id: c for c in communities}
        services = list(self.codes["service-types"])
        members = [(c, row) for c in communities for row in c.members]
        order = [i for i in range(len(members))]
        r.shuffle(order)
        # A moved member always has rows in both communities; everyone else may have none.
        stayed = [i for i in order if not members[i][1][9]]
        n_zero = min(len(stayed), max(1, round(len(members) * NO_ACTIVITY_SHARE)))
        n_few = round(len(members) * FEW_ACTIVITIES_SHARE)
        zero = set(stayed[:n_zero])
        few = set([i for i in order if i not in zero][:n_few])
        rows_of: dict[str, list[list[str]]] = {c.id: [] for c in communities}
        verifiers = {c.id: self.grid_verifiers(c) for c in communities}
        organisers = {c.id: self.organiser_verifier(c) for c in communities}
        cases: dict[str, list[str]] = {"no_activity": [], "moved_with_activities": []}
        for i, (c, row) in enumerate(members):
            pid, day, own, moved_from = row[0], dt.date.fromisoformat(row[1]), row[7], row[9]
            own_types = own.split(";") if own else services
            if i in zero:
                n = 0
                cases["no_activity"].append(pid)
            elif i in few:
                n = r.randint(1, 5)
            else:
                lo, hi = MANY_ACTIVITIES
                n = min(20, int(r.triangular(lo, hi, hi)))
            weights = (
                SHORT_HOUR_WEIGHTS if r.random() < SHORT_HOURS_SHARE else ACTIVITY_HOUR_WEIGHTS
            )
            grid = verifiers[c.id][(row[3], row[4])]
            verifier = grid + ("专职网格员" if r.random() < 0.85 else "网格指导员")
            events = [
                e
                for e in c.lists.get("event", [])
                if max(day, ACTIVITY_FIRST) <= dt.date.fromisoformat(e["date"]) <= ACTIVITY_LAST
            ]
            used: set[str] = set()
            for _ in range(n):
                if r.random() < BEFORE_REGISTRATION_SHARE:
                    start = ACTIVITY_FIRST
                else:
                    start = max(day, ACTIVITY_FIRST)
                rows_of[c.id].append(
                    self.activity(
                        pid,
                        (start, ACTIVITY_LAST),
                        own_types,
                        services,
                        (events, used, organisers[c.id]),
                        verifier,
                        weights,
                    )
                )
            if moved_from:
                # Rows left in the old community, before the move (the day they reported in here).
                old = by_id[moved_from]
                grids = [g for g in old.grids if g["kind"] == "grid"]
                old_verifier = r.choice(grids)["name"] + "专职网格员"
                end = day - dt.timedelta(days=1)
                window = (min(ACTIVITY_FIRST, end - dt.timedelta(days=2)), end)
                for _ in range(r.randint(*MOVED_OLD_ROWS)):
                    rows_of[old.id].append(
                        self.activity(pid, window, own_types, services, None, old_verifier, weights)
                    )
                cases["moved_with_activities"].append(pid)
        for c in communities:
            # Sorted by (date, person); a person's rows of one day keep the order they were drawn.
            c.activities = sorted(rows_of[c.id], key=lambda row: (row[1], row[0]))
        self.assessment_cases.update({k: sorted(v) for k, v in cases.items()})

    def grid_verifiers(self, c: _Community) -> dict[tuple[str, str], str]:
        """(compound, building) → the name of the grid whose workers verify its members' rows
        (a micro-grid's rows are verified by its parent grid's full-time worker)."""
        grids = {g["id"]: g for g in c.grids}
        out: dict[tuple[str, str], str] = {}
        for cp in c.compounds:
            for b in cp.buildings:
                g = grids[b.grid]
                if g["kind"] == "micro":
                    g = grids[g["parent"]]
                out[(cp.id, b.id)] = g["name"]
        return out

    def organiser_verifier(self, c: _Community) -> str:
        """The post that verifies attendance at the community's own events."""
        org = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}
        return f"{c.name}{org[c.record['party_org']['kind']]}组织委员"

    def activity(
        self,
        pid: str,
        window: tuple[dt.date, dt.date],
        own_types: list[str],
        services: list[str],
        events: tuple[list[dict[str, Any]], set[str], str] | None,
        verifier: str,
        hour_weights: tuple[int, ...] = ACTIVITY_HOUR_WEIGHTS,
    ) -> list[str]:
        """One activity row: one of the community's events (each attended once) or a logged
        activity in one of the member's service types, mostly."""
        r = self.r
        fits = [e for e in events[0] if e["id"] not in events[1]] if events else []
        if events and fits and r.random() < EVENT_ROW_SHARE:
            e = r.choice(fits)
            events[1].add(e["id"])
            day, what, stype, verifier = e["date"], e["id"], e["service_type"], events[2]
        else:
            stype = r.choice(own_types) if r.random() < OWN_TYPE_SHARE else r.choice(services)
            what = r.choice(ACTIVITIES[stype])
            day = _iso(self.date(*window))
        hours = r.choices(ACTIVITY_HOURS, hour_weights)[0]
        return [pid, day, what, stype, f"{hours:g}", verifier, ""]

    def make_unit_reports(self, communities: list[_Community]) -> None:
        """履责报告 and the report-in community's evaluation of the units registered for 2026."""
        r = self.r
        regs = [
            (c, reg)
            for c in communities
            for reg in sorted(c.registrations, key=lambda x: x["id"])
            if reg["year"] == REPORT_YEAR
        ]
        n = len(regs)
        order = list(range(n))
        r.shuffle(order)
        # Disjoint, so the unit without a report has an evaluation and the other way round.
        k_report = min(n, max(1, round(n * NO_REPORT_SHARE)))
        k_eval = min(n - k_report, max(1, round(n * NO_EVALUATION_SHARE)))
        no_report = set(order[:k_report])
        no_eval = set(order[k_report : k_report + k_eval])
        for i, (c, reg) in enumerate(regs):
            u = self.unit_by_id[reg["unit"]]
            report = None if i in no_report else self.unit_report(c, u)
            if report is not None:
                c.unit_reports.append(report)
            if i not in no_eval:
                c.evaluations.append(self.evaluation(c, u, report))
        self.assessment_cases["no_report"] = sorted(regs[i][1]["unit"] for i in no_report)
        self.assessment_cases["no_evaluation"] = sorted(regs[i][1]["unit"] for i in no_eval)

    def unit_report(self, c: _Community, u: dict[str, Any]) -> dict[str, Any]:
        r = self.r
        submitted = _iso(self.date(f"{REPORT_YEAR}-10-01", f"{REPORT_YEAR}-11-20"))
        party = {"type": "unit", "id": u["id"]}
        # Projects of the community the unit is a party to and that were under way by then.
        projects = [
            p["id"]
            for p in c.lists.get("project", [])
            if party in p["parties"]
            and any(
                h["status"] in ("active", "done") and h["date"] <= submitted for h in p["history"]
            )
        ]
        # Resources it provides this year in the community.
        resources = [
            x["id"]
            for x in c.lists.get("resource", [])
            if x["provider"] == party
            and x["available"]["from"] <= submitted
            and x["available"].get("to", "9999-12-31") >= f"{REPORT_YEAR}-01-01"
        ]
        person_times = 5 + round(195 * r.random() ** 2)
        venues = r.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
        funds = 0 if r.random() < 0.35 else 1000 * r.randint(1, 50)
        services = "、".join(r.sample(REPORT_SERVICES, 2))
        parts = [
            f"{REPORT_YEAR}年，{u['name']}党组织发动党员到{c.name}开展{services}等服务{person_times}人次"
        ]
        if projects:
            parts.append(f"参与共建项目{len(projects)}个")
        if venues:
            parts.append(f"向居民开放场地{venues}处")
        if funds:
            parts.append(f"投入共建资金{funds}元")
        rec: dict[str, Any] = {
            "id": self.ids.claim("unit_report", f"{REPORT_YEAR}-{u['id']}"),
            "year": REPORT_YEAR,
            "unit": u["id"],
            "community": c.id,
            "submitted": submitted,
            "summary": "，".join(parts) + "。",
        }
        if projects:
            rec["projects"] = projects
        if resources:
            rec["resources"] = resources
        rec.update({"person_times": person_times, "venues": venues, "funds": funds})
        return rec

    def evaluation(
        self, c: _Community, u: dict[str, Any], report: dict[str, Any] | None
    ) -> dict[str, Any]:
        r = self.r
        first = dt.date(REPORT_YEAR, 11, 1)
        if report is not None:
            first = max(first, dt.date.fromisoformat(report["submitted"]))  # after the report
        day = self.date(first, dt.date(REPORT_YEAR, 11, 20))
        score = 100 - int(46 * r.random() ** 1.8)  # 55–100, most above 80
        if report is None:
            score = max(55, score - r.randint(5, 15))  # no report, a lower score
        comment = r.choice(next(pool for low, pool in EVALUATION_COMMENTS if score >= low))
        return {
            "id": self.ids.claim("unit_evaluation", f"{REPORT_YEAR}-{u['id']}"),
            "year": REPORT_YEAR,
            "unit": u["id"],
            "community": c.id,
            "date": _iso(day),
            "score": score,
            "comment": comment,
        }

    # --- self-check ---

    def check_hard_cases(self) -> None:
        """Fail loudly if a change to the generator silently drops a planted hard case."""
        compounds = {cp.id: cp for st in self.streets for c in st.communities for cp in c.compounds}
        hc = HARD_CASES
        a, b = (compounds[i] for i in hc["same_name"]["compounds"])
        _expect(
            a.name == b.name == hc["same_name"]["name"] and a.community is not b.community,
            "same_name",
        )
        _expect(
            all(compounds[i].aliases or compounds[i].old_names for i in hc["aliases_old_names"]),
            "aliases",
        )
        _expect(all(compounds[i].name == n for i, n in hc["polyphonic"].items()), "polyphonic")
        for label, cid in hc["number_forms"].items():
            _expect(
                any(bl.number == label for bl in compounds[cid].buildings), f"number form {label}"
            )
        split = compounds[hc["split_compound"]["compound"]]
        _expect(
            sorted({bl.grid for bl in split.buildings}) == hc["split_compound"]["grids"],
            "split_compound",
        )
        vp = hc["vacant_post"]
        grid = next(
            g for st in self.streets for c in st.communities for g in c.grids if g["id"] == vp["id"]
        )
        post = next(p for p in grid["posts"] if p["id"] == vp["post"])
        _expect(post.get("vacant_since") == vp["vacant_since"], "vacant_post")
        rb = hc["reassigned_building"]
        moved = next(bl for bl in compounds[rb["compound"]].buildings if bl.id == rb["building"])
        _expect(moved.moved == rb["from"] and moved.old_grid != moved.grid, "reassigned_building")
        jb = hc["joint_branch"]
        branch = next(
            br
            for st in self.streets
            for c in st.communities
            for br in c.branches
            if br["id"] == jb["branch"]
        )
        _expect(
            branch["kind"] == "joint" and branch["compounds"] == jb["compounds"], "joint_branch"
        )

    # --- output ---

    def all_stations(self) -> list[dict[str, Any]]:
        """Every station record in output order: the district's, each street's, each community's."""
        out = [self.district_station]
        for st in self.streets:
            out.append(self.street_stations[st.id])
            out.extend(s for c in st.communities for s in c.stations)
        return out

    def records(self) -> list[tuple[str, str, dict[str, Any] | str]]:
        """(type, path under data/, record or notice text), in a fixed order."""
        out: list[tuple[str, str, dict[str, Any] | str]] = [
            ("district", "district.yaml", self.district)
        ]
        out.append(
            ("station", f"stations/{self.district_station['id']}.yaml", self.district_station)
        )
        for st in self.streets:
            out.append(("street", f"{st.id}/street.yaml", st.record))
            station = self.street_stations[st.id]
            out.append(("station", f"{st.id}/stations/{station['id']}.yaml", station))
            for c in st.communities:
                base = f"{st.id}/{c.id}"
                out.append(("community", f"{base}/community.yaml", c.record))
                for cp in c.compounds:
                    out.append(("compound", f"{base}/compounds/{cp.id}.yaml", _compound_record(cp)))
                for g in c.grids:
                    out.append(("grid", f"{base}/grids/{g['id']}.yaml", g))
                for br in c.branches:
                    out.append(("branch", f"{base}/branches/{br['id']}.yaml", br))
                for s in c.stations:
                    out.append(("station", f"{base}/stations/{s['id']}.yaml", s))
                for reg in sorted(c.registrations, key=lambda x: x["id"]):
                    out.append(("unit_registration", f"{base}/registrations/{reg['id']}.yaml", reg))
                for rep in c.unit_reports:
                    out.append(("unit_report", f"{base}/unit-reports/{rep['id']}.yaml", rep))
                for ev in c.evaluations:
                    out.append(("unit_evaluation", f"{base}/evaluations/{ev['id']}.yaml", ev))
                for type_name, folder in LIST_FOLDERS:
                    for item in c.lists.get(type_name, []):
                        out.append((type_name, f"{base}/lists/{folder}/{item['id']}.yaml", item))
        for u in self.units:
            out.append(("unit", f"units/{u['id']}.yaml", u))
        for h in self.home_orgs:
            out.append(("home_org", f"home-orgs/{h['id']}.yaml", h))
        for p in self.property_companies:
            out.append(("property_company", f"property-companies/{p['id']}.yaml", p))
        for front, body in self.notices:
            text = "---\n" + _dump(front) + "---\n" + body.rstrip("\n") + "\n"
            out.append(("notice", f"notices/{front['start']}-{front['id']}.md", text))
        return out


def _party_org_kind(members: int) -> tuple[str, str]:
    """党委 from 100 members, 党总支 from 50, else 党支部 (the usual thresholds), with the name suffix."""
    if members >= 100:
        return "committee", "委员会"
    if members >= 50:
        return "general_branch", "总支部委员会"
    return "branch", "支部委员会"


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise RuntimeError(f"demo generator lost the planted hard case: {what}")


_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_CUM: list[int] = []
for _s, _w in SURNAMES:
    _SURNAME_CUM.append((_SURNAME_CUM[-1] if _SURNAME_CUM else 0) + _w)

_TYPE_WEIGHTS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "new": (("commercial", "resettlement", "mixed"), (85, 12, 3)),
    "old": (("work_unit", "mixed", "commercial", "resettlement"), (40, 25, 20, 15)),
}
_FORM_WEIGHTS: tuple[tuple[str, ...], tuple[int, ...]] = (
    ("hao-lou", "dong", "zhuang", "hanzi-hao-lou", "hao", "lettered"),
    (45, 25, 8, 10, 5, 7),
)


def _number_label(form: str, n: int) -> str:
    return {
        "hao-lou": f"{n}号楼",
        "dong": f"{n}栋",
        "zhuang": f"{n}幢",
        "hanzi-hao-lou": f"{hanzi_number(n)}号楼",
        "hao": f"{n}号",
    }[form]


def _group_label(form: str, buildings: list[_Building]) -> str:
    """3号楼 or 1、2号楼: a group's name lists its buildings as the compound writes them."""
    if form == "lettered":
        return "、".join(b.number.removesuffix("座") for b in buildings) + "座"
    unit = {
        "hao-lou": "号楼",
        "dong": "栋",
        "zhuang": "幢",
        "hanzi-hao-lou": "号楼",
        "hao": "号楼",
    }[form]
    numbers = [
        b.number.removesuffix("号楼").removesuffix("栋").removesuffix("幢").removesuffix("号")
        for b in buildings
    ]
    return "、".join(numbers) + unit


def _compound_record(cp: _Compound) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": cp.id, "name": cp.name, "community": cp.community.id}
    if cp.aliases:
        rec["aliases"] = list(cp.aliases)
    if cp.old_names:
        rec["old_names"] = list(cp.old_names)
    rec.update(
        {
            "type": cp.type,
            "age": cp.age,
            "built": cp.built,
            "addresses": cp.addresses,
            "households": sum(b.households for b in cp.buildings),
            "property": cp.property,
            "owners_committee": cp.owners_committee,
        }
    )
    buildings = []
    for b in cp.buildings:
        serve: list[dict[str, str]] = []
        for start, grid in (
            ((b.first_from, b.old_grid), (b.moved, b.grid))
            if b.moved
            else ((b.first_from, b.grid),)
        ):
            a = {"from": start, "grid": grid, "branch": b.branch}
            if b.group:
                a["group"] = b.group
            a["station"] = b.station
            serve.append(a)
        item: dict[str, Any] = {
            "id": b.id,
            "number": b.number,
            "entrances": b.entrances,
            "households": b.households,
            "serve": serve,
        }
        if b.posts:
            item["posts"] = b.posts
        buildings.append(item)
    rec["buildings"] = buildings
    rec["verified_at"] = cp.verified_at
    return rec


def _roads() -> list[str]:
    suffixes = ("路", "路", "路", "街", "路", "大道", "路", "街")
    return [root + suffixes[i % len(suffixes)] for i, root in enumerate(ROAD_ROOTS)]


def _spread(r: Random, total: int, n: int) -> list[int]:
    """``total`` split over ``n`` parts of varied size (largest remainder, so the sum is exact)."""
    weights = [r.uniform(0.55, 1.45) for _ in range(n)]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _skewed(r: Random, n: int) -> int:
    """An index in 0..n-1 where low indexes are more likely: a few property firms manage many compounds."""
    return min(n - 1, int(n * r.random() ** 1.8))


def _unit_names(
    r: Random, communities: list[_Community], quotas: dict[str, int]
) -> list[tuple[str, str, str]]:
    """(kind, name, USCC prefix) of every resident unit, in a fixed order."""
    roots = [c.name.removesuffix("社区") for c in communities]
    organs = [f"{DISTRICT_NAME}{b}" for b in BUREAUS] + [f"市{b}" for b in BUREAUS]
    institutions = [f"{DISTRICT_NAME}第{hanzi_number(k)}实验小学" for k in range(1, 31)]
    institutions += [f"{DISTRICT_NAME}第{hanzi_number(k)}中学" for k in range(1, 21)]
    institutions += [f"{c}社区卫生服务中心" for c in roots]
    institutions += [f"{DISTRICT_NAME}{w}幼儿园" for w in NEW_PREFIXES[:40]]
    institutions += [
        f"{DISTRICT_NAME}{n}"
        for n in (
            "人民医院",
            "中医医院",
            "妇幼保健院",
            "疾病预防控制中心",
            "图书馆",
            "文化馆",
            "青少年宫",
            "特殊教育学校",
            "职业中等专业学校",
        )
    ]
    institutions += [f"市第{hanzi_number(k)}人民医院" for k in range(2, 8)] + [
        f"市第{hanzi_number(k)}中学" for k in range(1, 21)
    ]
    soes = [f"青禾农村商业银行{c}支行" for c in roots]
    soes += [f"市公共交通集团第{hanzi_number(k)}分公司" for k in range(1, 7)]
    soes += [
        f"市{x}"
        for x in (
            "供电公司青禾供电中心",
            "自来水有限公司青禾分公司",
            "燃气集团青禾分公司",
            "热力有限公司青禾分公司",
            "邮政分公司青禾营业部",
            "粮食储备库",
            "城市建设投资集团有限公司",
            "文化旅游发展集团有限公司",
        )
    ]
    soes += [
        f"{DISTRICT_NAME}{x}"
        for x in (
            "国有资产运营有限公司",
            "城市发展集团有限公司",
            "水务有限公司",
            "农业发展有限公司",
        )
    ]
    soes += [
        f"{w}建设集团第{hanzi_number(k)}工程公司" for w in COMPANY_WORDS[:10] for k in range(1, 6)
    ]
    companies = [f"{w}{i}有限公司" for w in COMPANY_WORDS for i in INDUSTRIES]
    socials = [
        f"{DISTRICT_NAME}{w}{t}"
        for w in COMPANY_WORDS
        for t in ("社会工作服务中心", "养老服务中心", "志愿服务中心")
    ]
    out: list[tuple[str, str, str]] = []
    for kind, pool, prefix in (
        ("organ", organs, "11"),
        ("institution", institutions, "12"),
        ("soe", soes, "91"),
    ):
        pool = list(pool)
        r.shuffle(pool)
        out += [(kind, name, prefix) for name in pool[: quotas[kind]]]
    r.shuffle(companies)
    r.shuffle(socials)
    n_social = quotas["new_org"] // 10
    out += [("new_org", name, "52") for name in socials[:n_social]]
    out += [("new_org", name, "91") for name in companies[: quotas["new_org"] - n_social]]
    return out


def _calendar() -> WorkCalendar:
    """The template calendars (notices start on working days)."""
    paths = sorted((TEMPLATES / "calendar").glob("*.yaml"))
    return WorkCalendar.from_records(yaml.load(p.read_text("utf-8"), Loader=Loader) for p in paths)


def _code_list(list_id: str) -> dict[str, str]:
    """Code → name of one of the template code lists, in list order."""
    data = yaml.safe_load((TEMPLATES / "codes" / f"{list_id}.yaml").read_text("utf-8"))
    return {item["code"]: item["name"] for item in data["items"]}


def _apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, so the sum is exact)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# libyaml's emitter writes the same bytes as yaml.safe_dump (compared on every record of the city
# scale) about five times faster; the pure-Python dumper stands in where libyaml is missing.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )


def _non_empty(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def generate(out: Path, scale: str = "demo", seed: int = 20261123) -> dict[str, int]:
    """Write a fictional district into ``out/data`` and ``out/private``; return counts per record type."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    out = Path(out)
    for part in ("data", "private"):
        if _non_empty(out / part):
            raise FileExistsError(
                f"{out / part} 不是空文件夹，不会覆盖已有数据 / {out / part} is not empty; refusing to overwrite"
            )
    g = _Generator(SCALES[scale], seed)
    g.build()
    enrich_stations(g.all_stations(), seed, AS_OF)  # rooms, activities, 六有 (own random stream)
    extra = ratings.generate(g, seed)  # 12345, reviews, scores, evaluations (own random stream)
    data = out / "data"
    counts: dict[str, int] = {}
    for type_name, rel, rec in [*g.records(), *extra.records]:
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # newline="\n": the same bytes on every platform, not only the same records.
        path.write_text(rec if isinstance(rec, str) else _dump(rec), encoding="utf-8", newline="\n")
        counts[type_name] = counts.get(type_name, 0) + 1
    write_lock(out, g.notices)  # the demo's notices are published
    counts["notice_lock"] = 1
    shutil.copytree(TEMPLATES, data, dirs_exist_ok=True)
    ratings.scale_rules(data, sum(len(c.compounds) for st in g.streets for c in st.communities))
    (data / "editors.yaml").write_text(demo_editors(
        [(s.id, s.name, [(c.id, c.name) for c in s.communities]) for s in g.streets],
        [(u["id"], u["name"]) for u in g.units]), encoding="utf-8", newline="\n")  # fmt: skip
    counts["editors"] = 1
    for path in sorted(TEMPLATES.rglob("*")):
        match = classify(PUBLIC, path.relative_to(TEMPLATES).as_posix()) if path.is_file() else None
        if match is not None:
            counts[match.type.name] = counts.get(match.type.name, 0) + 1
    from . import governance  # 吹哨报到, funds (issue 6)

    for type_name, n in governance.write(
        data, g.streets, TEMPLATES, _calendar(), AS_OF, seed, scale, _dump
    ).items():
        counts[type_name] = counts.get(type_name, 0) + n
    counts["member_registration"] = 0
    for street in g.streets:
        for c in street.communities:
            if not c.members:
                continue
            path = out / "private" / street.id / c.id / "members" / f"{REPORT_YEAR}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(MEMBER_COLUMNS)
                writer.writerows(c.members)
            counts["member_registration"] += len(c.members)
    counts["activity"] = 0
    for street in g.streets:
        for c in street.communities:
            if not c.activities:
                continue
            path = out / "private" / street.id / c.id / "activities" / f"{REPORT_YEAR}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(ACTIVITY_COLUMNS)
                writer.writerows(c.activities)
            counts["activity"] += len(c.activities)
    for year, rows in sorted(extra.hotline.items()):
        path = out / "private" / "hotline" / f"{year}.csv"  # small counts: private root
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(("month", "compound", "category", "tickets"))
            writer.writerows(rows)
        counts["hotline_ticket"] = counts.get("hotline_ticket", 0) + len(rows)
    counts.setdefault("unit_report", 0)
    counts.setdefault("unit_evaluation", 0)
    people_dir = out / "private" / "people"
    people_dir.mkdir(parents=True, exist_ok=True)
    for street in g.streets:
        rows = g.people.get(street.id, [])
        with (people_dir / f"{street.id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(PEOPLE_COLUMNS)
            for p in rows:
                writer.writerow(
                    [
                        p.id,
                        p.name,
                        p.community,
                        _bool(p.consent_name),
                        _bool(p.consent_phone),
                        p.phone,
                        p.consent_date,
                        p.note,
                    ]
                )
        counts["person"] = counts.get("person", 0) + len(rows)
    return counts


def _bool(value: bool) -> str:
    return "true" if value else "false"
