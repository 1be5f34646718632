"""The editors' page 《校验问题说明》, generated from the README's validation-codes table.

Each row of the README table (code, English meaning) becomes a section with the Chinese
explanation and fix below; a row this module has no Chinese for is still listed, with its
English meaning, so the page never omits a code. ``baodao editors docs --check`` (and a test)
fail when the page differs from what the README generates.
"""

from __future__ import annotations

import re

ERRORS_PAGE = "site/editors/errors.md"

# README code cell -> (what it means, how to fix), for editors who are not programmers.
ZH: dict[str, tuple[str, str]] = {
    "YAML001–004, CSV001–002": (
        "文件读不出来：YAML 语法错误（缩进、冒号、引号），或表格编码不对。",
        "YAML 用空格缩进、冒号后加空格；Excel/WPS 另存为“CSV UTF-8”。",
    ),
    "FILE001": (
        "公开库 data/ 里有不属于任何记录类型的文件（包括以点开头的隐藏文件夹里的文件）：公开库里的文件都会被公开。",
        "按《如何新增记录》放到对应的文件夹；备份、说明、扫描件等不要放进 data/。",
    ),
    "FILE002 / FILE003 / FILE005": (
        "文件名和 id 不一致、字段和所在文件夹不一致，或文件名不是有效编号。",
        "文件名用拼音小写加连字符（如 lvjing-huayuan.yaml），与 id 相同。",
    ),
    "SCH001–009": (
        "不符合记录格式：缺少必填字段、多了未知字段、类型或取值不对、日期电话格式不对。",
        "按提示补齐或改正字段；日期写成 2026-03-31。",
    ),
    "DUP001 / DUP002 / DUP003": (
        "编号重复：记录、岗位或小区里的楼栋编号重复。",
        "换一个未用过的编号。",
    ),
    "BLD001 (warning)": (
        "楼号写法不在常见写法里，居民可能搜不到。",
        "写成“3号楼”“3栋”等常见写法。",
    ),
    "REF001": (
        "引用了不存在的编号（网格、支部、单位……）。",
        "编号须与对应记录文件中的 id 完全一致，注意提示的“是否应为”。",
    ),
    "HIER001–008": (
        "组织层级不一致：区划代码、楼栋党小组属于哪个支部、支部覆盖的小区、网格所在社区等。",
        "按提示改正上下级关系。",
    ),
    "SERV001 / SERV002": (
        "某栋楼在当天没有服务它的支部和网格，或服务安排的日期顺序不对。",
        "为每栋楼写明网格和支部，生效日期从早到晚排列。",
    ),
    "POST001–004": (
        "岗位任职：任期重叠、空缺未写日期、任期结束早于开始、空缺岗位却写了任职人。",
        "核对任职人和起止日期。",
    ),
    "PRIV001–009, PRIV010": (
        "个人信息：出现身份证号、手机号（含带空格、横线、+86、全角数字的写法）、银行卡号、"
        "未同意公开的姓名，或公开仓库里出现了党员个人记录、与私有库表头相同的表格、"
        "只能放在私有库的表格（如 12345 工单汇总）。",
        "删除个人信息；党员名册和报到表只放在私有库；已提交的还要从 git 历史中清除。",
    ),
    "FRESH001–002 (warnings)": (
        "记录太久未核实，或核实日期晚于今天。",
        "核实后把 verified_at 改为核实当天。",
    ),
    "NOTICE001–002, CAL001": (
        "公示期短于规定的工作日、结束早于开始，或缺少当年的工作日历。",
        "按规定延长公示期；请组织部补充日历。",
    ),
    "RULE001–005": (
        "考核规则：当天没有生效的规则、规则时间重叠、权重之和不是 100、等级分数线不对、指标重复。",
        "规则由组织部维护，请联系组织部。",
    ),
    "ACT001 (warning)": (
        "活动记录里的人当年没有报到，不计入考核。",
        "先登记报到，或核对人员编号。",
    ),
    "FROZEN001": (
        "重新计算的考核结果与已冻结的结果不同。",
        "由组织部核查；需要更正时记录更正原因。",
    ),
    "REG008 (warning)": ("党员填写的楼栋与小区的楼栋对不上。", "按小区记录中的楼号写法填写。"),
    "REG001–007": (
        "报到：同一人或同一单位一年报到多次、异地报到未说明原因、逾期、信息不全、小区不在本社区、日期不在当年。",
        "按提示改正报到记录。",
    ),
    "LIST001–002": (
        "清单的状态记录顺序不对，或时间段结束早于开始。",
        "按时间先后写状态，从“待认领”开始。",
    ),
    "POST005": ("兼职委员岗位没有写所在单位。", "填写 unit（单位编号）。"),
    "NOTICE003": (
        "已发布的公示被修改，但 amendments 中没有新增更正记录。",
        "在 amendments 末尾加一条（日期、原因、摘要），再运行 baodao notices publish。",
    ),
    "NOTICE004": (
        "已发布公示的更正记录被删除或改动：更正记录只能新增。",
        "恢复原来的更正记录，新的更正另加一条。",
    ),
    "NOTICE005": (
        "已开始的公示不在 data/notices/published.yaml 中，或更正后没有更新它。",
        "运行 baodao notices publish，把公示和 published.yaml 一起提交。",
    ),
    "NOTICE006": ("已发布的公示文件被删除。", "公示不能删除；需要撤回的，用更正记录说明。"),
    "REQ001–004": (
        "吹哨报到事项：日期先后不对、网格或小区不在本社区、部门或类别不在代码表中、汇总数对不上。",
        "按提示改正日期、编号或汇总数。",
    ),
    "FUND001–004": (
        "经费：已支出与支出明细合计不符、超预算未说明（警告）、补贴的支部不存在、编号与文件夹不符。",
        "核对每一笔支出，使合计与已支出一致；超预算的写明原因。",
    ),
    "RATE001–006": (
        "评星、综合考核、物业评议和 12345 工单：文件名与考核期或评分单位不符、街道给外街道社区评分、重复评分、"
        "评议了本社区以外的支部或小区、物业公司与小区记录不一致、工单月份不在文件年份内或还没到。",
        "每个评分单位只在自己的文件夹里评自己负责的对象；按提示改正文件名、编号或月份。",
    ),
    "PR001–005": (
        "拉取请求的权限和信任检查（按目标分支的 data/editors.yaml、规则和程序）：PR001 改了提交人权限以外的文件；"
        "PR002 修改或删除了已冻结的考核结果；PR003 修改了已发布的公示但没有新增更正记录；"
        "PR004 改了程序、schema、工作流程、规则、代码表或编辑权限，尚未经组织部批准；PR005 提交了符号链接或子模块。",
        "只改自己负责的文件夹；考核结果的更正由组织部进行；公示更正在 amendments: 末尾加一条（日期、原因）；"
        "受保护的修改请组织部另一位成员审查批准。",
    ),
    "EDIT001–004": (
        "编辑权限文件：账号重复、没有组织部账号、普通编辑的范围含受保护路径、路径对不上任何文件。",
        "由组织部改正 data/editors.yaml。",
    ),
}


def readme_codes(readme: str) -> list[tuple[str, str]]:
    """(code cell, meaning) rows of the table under ``## Validation messages``."""
    start = readme.find("## Validation messages")
    if start < 0:
        return []
    section = readme[start:]
    nxt = re.search(r"\n## ", section[3:])
    section = section[: nxt.start() + 3] if nxt else section
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("code", "") and not set(cells[0]) <= {"-"}:
            rows.append((cells[0], cells[1]))
    return rows


def errors_page(readme: str) -> str:
    out = [
        "<!-- 由 baodao editors docs 根据 README 的规则代码表生成，请勿手工修改。 -->",
        "# 校验问题说明",
        "",
        "提交修改后，检查会在拉取请求下的评论里列出每个问题：**文件**、**行**、**字段**、"
        "**规则代码**和**修改建议**。下面按规则代码说明每类问题的意思和改法。",
        "“警告”不阻止发布，“错误”须改正后才能合并。",
        "",
    ]
    for code_cell, meaning in readme_codes(readme):
        zh = ZH.get(code_cell)
        out.append(f"## {code_cell}")
        out.append("")
        if zh:
            out.append(f"**意思**：{zh[0]}")
            out.append("")
            out.append(f"**怎么改**：{zh[1]}")
        else:
            out.append(f"**意思**（英文说明，中文待补）：{meaning}")
        out.append("")
    out.append("[返回编辑指南](index.md)")
    return "\n".join(out) + "\n"
