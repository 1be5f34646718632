"""Problem codes of assessment inputs and rules: RULE, ACT, FROZEN, REQ, FUND, REG, LIST, RATE.

See ``catalogue.py`` for what an entry holds and how a code is added.
"""

from __future__ import annotations

from . import ERROR, WARNING, Entry

ENTRIES: tuple[Entry, ...] = (
    # RULE: rules are data per period (data/rules/).
    Entry(
        "RULE001",
        ERROR,
        "当天没有生效的规则",
        "no rules in force on the date",
        "在 data/rules/ 下添加一份覆盖该日期的规则文件",
        "规则由组织部维护。",
    ),
    Entry(
        "RULE002",
        ERROR,
        "两份规则的生效期重叠（每一类规则都查）",
        "rules in force overlap (any rules type)",
        "给前一份规则写上 in_force.to（早于后一份的开始日期）",
        "规则由组织部维护。",
    ),
    Entry(
        "RULE003",
        ERROR,
        "各指标权重之和不是 100",
        "weights do not sum to 100",
        "调整 weight，使总和为 100",
        "规则由组织部维护。",
    ),
    Entry(
        "RULE004",
        ERROR,
        "等级分数线没有从高到低排列到 0",
        "bands not descending to 0",
        "按最低分从高到低排列等级，最后一档的 min 为 0",
        "规则由组织部维护。",
    ),
    Entry(
        "RULE005",
        ERROR,
        "指标编号重复",
        "duplicate indicator id",
        "每个指标用不同的 id",
        "规则由组织部维护。",
    ),
    Entry(
        "RULE006",
        ERROR,
        "从第一份规则到检查日期之间，有些日子没有生效的规则文件（空档）",
        "a gap: days with no rules file in force between the first file and the as-of date",
        "补一份覆盖空档的规则文件，或把前一份的 in_force.to 延长到后一份开始的前一天",
        "空档里的考核期没有规则可用，它的结果页会消失；每一类规则都查。",
    ),
    # ACT
    Entry(
        "ACT001",
        WARNING,
        "活动记录里的人当年没有报到，这条活动不计入考核",
        "an activity row of someone who did not report in that year (not assessed)",
        "先登记报到，或核对人员编号",
    ),
    # FROZEN
    Entry(
        "FROZEN001",
        ERROR,
        "重新计算的考核结果与已冻结的结果不同（写明对象和数字）",
        "a recomputed result differs from the frozen one, naming subject and figure (validate checks every frozen period)",
        "找出改动了哪条记录或规则；确需更正的，由组织部用 baodao assess --freeze --amend 原因 记录更正",
    ),
    # INPUT
    Entry(
        "INPUT001",
        WARNING,
        "过了录入截止日，仍缺少某个评价方的评分（社区综合考核的各方评分、社区对报到单位的评价、社区对小区党支部的评议、小区物业服务评议）；提示里写明规则的 missing 如何处理",
        "after the input deadline, an evaluator's input is missing (community scores, unit evaluations, branch reviews, property evaluations)",
        "请该评价方补交评分；确实无法补交的，由组织部在规则中写明 missing（zero / mean / exclude；物业服务评议只有 exclude）",
        "没有写明 missing 时，缺少的评分按 0 计（物业服务评议列为未评议），且不能冻结结果。",
    ),
    # REQ: 吹哨报到 (docs/assessments.md).
    Entry(
        "REQ001",
        ERROR,
        "事项的日期先后不对（响应、办结早于吹哨），或未办结却有评价",
        "request dates out of order, or evaluated but not closed",
        "核对日期，写成 YYYY-MM-DD",
    ),
    Entry(
        "REQ002",
        ERROR,
        "网格或小区不在本社区",
        "grid or compound not in the community",
        "填写本社区的网格、小区编号",
    ),
    Entry(
        "REQ003",
        ERROR,
        "部门或类别不在代码表中",
        "department or category not in its code list",
        "从提示列出的代码中选一个",
    ),
    Entry(
        "REQ004",
        ERROR,
        "汇总件数对不上（办结多于吹哨、满意多于评价等），或月份不在文件的年份内",
        "bulk counts that do not add up (on time > closed, closed + overdue > raised, satisfied > evaluated) or a month outside the file's year",
        "核对汇总表中这一行的件数和月份",
    ),
    # FUND
    Entry(
        "FUND001",
        ERROR,
        "已支出与支出明细合计不符，或金额超过两位小数",
        "spent differs from the sum of its items, or an amount below the fen",
        "核对每一笔支出，金额精确到分",
    ),
    Entry(
        "FUND002",
        WARNING,
        "支出超过预算且没有说明",
        "spent over budget without a note",
        "在 note 中说明超支原因和批准情况",
    ),
    Entry(
        "FUND003",
        ERROR,
        "支部补贴没有写明已登记的党支部",
        "a branch subsidy without a known branch",
        "填写 branches/ 中的党支部编号",
    ),
    Entry(
        "FUND004",
        ERROR,
        "经费记录的编号不是“期间-社区”，或社区与文件夹不符",
        "id not <period>-<community> of its folder",
        "把 id 改为提示的编号",
    ),
    # REG: report-in (docs/user-guide.md, "Report-in").
    Entry(
        "REG001",
        ERROR,
        "同一人同一年在全区报到了不止一次",
        "a person registered twice in a year",
        "搬家的党员只在新居住地社区报到，并在 moved_from 填原社区",
    ),
    Entry(
        "REG002",
        ERROR,
        "同一单位同一年报到了不止一次",
        "a unit registered twice in a year",
        "删除重复的报到，或改正年度",
    ),
    Entry(
        "REG003",
        WARNING,
        "单位没有在所在社区报到，也没有说明原因",
        "registered outside the unit's community without a reason",
        "写明 elsewhere_reason，或到单位所在社区报到",
    ),
    Entry(
        "REG004",
        WARNING,
        "报到晚于当年的截止日（计为逾期）",
        "late registration",
        "逾期报到照常登记，考核时计为逾期",
    ),
    Entry("REG005", WARNING, "报到信息不完整", "incomplete registration", "按报到规则补齐"),
    Entry(
        "REG006",
        ERROR,
        "党员填写的小区不在报到的社区",
        "member's compound outside the community",
        "党员向居住地所在社区报到：换到该小区所在社区的表格中",
    ),
    Entry(
        "REG007",
        ERROR,
        "报到或活动的日期不在文件的年度内",
        "dated outside its year",
        "改正日期，或放到对应年度的文件中；导入时可用 --year 指定年度",
    ),
    Entry(
        "REG008",
        WARNING,
        "党员填写的楼栋与小区的楼栋对不上（或有多栋对得上）",
        "a member's building matches none (or several) of the compound's buildings in any common form (3号楼 / 3栋 / 三号楼 / 3幢)",
        "按小区记录中的楼号写法填写",
    ),
    # LIST
    Entry(
        "LIST001",
        ERROR,
        "清单的状态记录没有从第一个状态开始，或没有按日期排列",
        "status history out of order or not starting right",
        "按时间先后写状态，从“待认领”开始",
    ),
    Entry(
        "LIST002",
        ERROR,
        "时间段的结束日期早于开始日期",
        "a period that ends before it starts",
        "改正开始或结束日期",
    ),
    # RATE: ratings' inputs (docs/assessments.md, "Ratings").
    Entry(
        "RATE001",
        ERROR,
        "文件名与考核期或评分单位的文件夹不一致",
        "file named for another period or evaluator folder",
        "按提示改正文件名或 period",
    ),
    Entry(
        "RATE002",
        ERROR,
        "街道给外街道的社区评分，或街道评分项不是由街道评的",
        "a street scoring another street's community",
        "该社区由它所在的街道评分",
    ),
    Entry(
        "RATE003",
        ERROR,
        "同一对象同一期评了两次",
        "a score given twice",
        "每个对象每期只评一次：删去重复的一行",
    ),
    Entry(
        "RATE004",
        ERROR,
        "评议了本社区以外的支部或小区",
        "a review or evaluation outside its community",
        "删去这一行；由对象所在社区评议",
    ),
    Entry(
        "RATE005",
        ERROR,
        "评议的物业公司不是该季度为这个小区服务的物业公司",
        "a property company that did not serve the compound in that quarter",
        "物业更换的，在小区记录的 property.history 中写明新公司和接管日期（since），不要改动以前的季度",
    ),
    Entry(
        "RATE006",
        ERROR,
        "12345 工单的月份不在文件的年份内，或还没有到",
        "a 12345 month outside its file's year or in the future",
        "把这一行移到对应年份的文件，或改正月份",
    ),
    Entry(
        "RATE007",
        WARNING,
        "单位年度报告列出的项目，参与方（parties）中没有这个单位，不计入它的履责项目",
        "a unit's report names a project whose parties do not include the unit (no credit)",
        "核对项目编号；确是该单位参与的，在项目记录的 parties 中加上它",
    ),
)
