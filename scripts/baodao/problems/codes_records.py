"""Problem codes of the records' own rules: HIER, SERV, POST, PRIV, FRESH, NOTICE, CAL.

See ``catalogue.py`` for what an entry holds and how a code is added.
"""

from __future__ import annotations

from . import ERROR, WARNING, Entry

ENTRIES: tuple[Entry, ...] = (
    # HIER: who belongs to whom.
    Entry(
        "HIER001",
        ERROR,
        "区划代码与上级不一致（街道代码以区代码开头，社区代码以街道代码开头）",
        "division code does not extend its parent's",
        "按民政部门的区划代码改正",
    ),
    Entry(
        "HIER002",
        ERROR,
        "楼栋党小组属于另一个党支部",
        "building group belongs to another branch",
        "选择本支部的楼栋党小组，或改选支部",
    ),
    Entry(
        "HIER003",
        ERROR,
        "服务这栋楼的党支部没有覆盖这个小区",
        "branch does not cover the compound",
        "在支部的 compounds 中加入这个小区，或改选支部",
    ),
    Entry(
        "HIER004",
        ERROR,
        "服务这栋楼的网格不在小区所在的社区",
        "grid is in another community",
        "选择本社区的网格",
    ),
    Entry(
        "HIER005",
        ERROR,
        "微网格没有写上级网格，或上级网格在另一个社区",
        "micro-grid without a parent grid of its community",
        "在 parent 中填写本社区的网格编号",
    ),
    Entry(
        "HIER006",
        ERROR,
        "党员中心户的小区不在本支部覆盖范围内，或小区没有这栋楼",
        "central household outside the branch's compounds or buildings",
        "把小区加入支部的 compounds，或改正楼栋编号",
    ),
    Entry(
        "HIER007",
        WARNING,
        "党支部覆盖了另一个社区的小区",
        "branch covers a compound of another community",
        "跨社区的联合党支部请在 note 中说明",
    ),
    Entry(
        "HIER008",
        ERROR,
        "服务站没有写明所属的街道或社区（按它的层级）",
        "station without the street or community its level needs",
        "按提示填写所属的街道或社区",
    ),
    Entry(
        "HIER009",
        ERROR,
        "上级关系绕成了圈：网格的上级是它自己，或几个网格互为上级",
        "a parent chain that returns to itself",
        "改正其中一条记录的上级（parent），或删去该字段",
        "每个圈只报一次，报在圈中编号最小的记录上。",
    ),
    # SERV: explicit assignment by date (docs/record-model.md).
    Entry(
        "SERV001",
        ERROR,
        "某栋楼在当天没有服务它的党支部和网格",
        "a building with no branch and grid on the date",
        "为每栋楼写明网格和支部，补上更早的服务关系，或核对生效日期",
    ),
    Entry(
        "SERV002",
        ERROR,
        "服务关系没有按生效日期从早到晚排列，或日期重复",
        "assignments out of date order",
        "按 from 日期从早到晚排列，每个日期只写一次",
    ),
    # POST: posts are not people (docs/record-model.md).
    Entry(
        "POST001",
        ERROR,
        "同一岗位的任期重叠",
        "overlapping terms of one post",
        "给前一任写上 to（结束日期）",
    ),
    Entry(
        "POST002",
        WARNING,
        "岗位无人任职，但没有写空缺起始日期（vacant_since）",
        "vacant post without vacant_since",
        "写上 vacant_since: YYYY-MM-DD",
    ),
    Entry(
        "POST003",
        ERROR,
        "任职结束日期早于开始日期",
        "term ends before it starts",
        "核对任职人和起止日期",
    ),
    Entry(
        "POST004",
        WARNING,
        "岗位已有人任职，但仍写着空缺（vacant_since）",
        "post has a holder but is marked vacant",
        "删除 vacant_since",
    ),
    Entry(
        "POST005",
        ERROR,
        "兼职委员岗位没有写所在单位",
        "a concurrent member post without its unit",
        "填写 unit（单位编号）；兼职委员来自驻区单位（大党委、大工委）",
    ),
    # PRIV: docs/privacy.md.
    Entry(
        "PRIV001",
        ERROR,
        "党员个人层面的记录（名册、报到、活动）放在了公开的 data/ 下",
        "member-level records in the public data/ root",
        "把文件移到私有库（private/），并从 git 历史中清除",
    ),
    Entry(
        "PRIV002",
        ERROR,
        "出现了居民身份证号",
        "resident ID number",
        "删除该号码；人员只用人员编号（p-…）标识，并从 git 历史中清除",
    ),
    Entry(
        "PRIV003",
        ERROR,
        "手机号出现在非电话字段中",
        "mobile number outside a phone field",
        "个人手机号不得录入；工作电话写在 work_phone 中",
    ),
    Entry(
        "PRIV004",
        ERROR,
        "本人未同意公开，却录入了个人电话",
        "personal phone without consent",
        "删除该电话；或取得书面同意后把 consent_phone 改为 true 并填写 consent_date",
    ),
    Entry(
        "PRIV005",
        ERROR,
        "记录了同意公开，但没有同意日期（consent_date）",
        "consent without a consent date",
        "填写签署同意书的日期 YYYY-MM-DD",
    ),
    Entry(
        "PRIV006",
        ERROR,
        "疑似银行卡号（16–19 位，通过 Luhn 校验）",
        "bank card number",
        "删除该号码：数据库不得保存银行卡号，并从 git 历史中清除",
    ),
    Entry(
        "PRIV007",
        ERROR,
        "公开文字中出现了未同意公开的姓名（人员名册中此人未同意公开姓名）",
        "name of a person who has not consented to be named",
        "改写为职务（如“网格员”），或取得本人书面同意后在人员名册中记录",
        "三个字及以上的姓名在任何位置都查；两个字的姓名只在“同志”“书记”“负责人”等词旁边才查。",
    ),
    Entry(
        "PRIV008",
        ERROR,
        "文件的表头与私有库的表格相同：公开仓库里不能有私有表格",
        "a file in the public repository has the header of a private table",
        "把文件移到私有库，用 git rm --cached 取消跟踪，并从 git 历史中清除",
    ),
    Entry(
        "PRIV009",
        ERROR,
        "只能放在私有库的表格放在了公开的 data/ 下（表中有小于 5 的计数或个人信息）",
        "a private-root table under data/",
        "把文件移到私有库的同名位置，并从 git 历史中清除；网站只显示汇总",
    ),
    Entry(
        "PRIV010",
        WARNING,
        "未加载私有库：没有检查人员编号，网站不显示任何姓名",
        "private root not loaded",
        "发布前在能读取私有库的环境运行，或用 --private 指定私有库",
    ),
    # FRESH
    Entry(
        "FRESH001",
        WARNING,
        "记录太久未核实（超过规则的 stale_after_days 天）",
        "stale verified_at",
        "核实后把 verified_at 改为核实当天的日期",
    ),
    Entry(
        "FRESH002", WARNING, "核实日期晚于今天", "verified_at in the future", "填写实际核实的日期"
    ),
    # NOTICE: docs/user-guide.md, "Notices".
    Entry(
        "NOTICE001",
        ERROR,
        "任职公示的工作日数少于规则的最低要求",
        "appointment notice too short",
        "按规定延长公示期",
        "《党政领导干部选拔任用工作条例》第四十一条：公示期不少于五个工作日。",
    ),
    Entry(
        "NOTICE002",
        ERROR,
        "公示的结束日期早于开始日期",
        "notice ends before it starts",
        "改正开始或结束日期",
    ),
    Entry(
        "NOTICE003",
        ERROR,
        "已发布的公示被修改，但 amendments 中没有新增更正记录",
        "published notice changed without a new amendment",
        "在 amendments 末尾加一条（日期、原因、摘要），再运行 baodao notices publish",
    ),
    Entry(
        "NOTICE004",
        ERROR,
        "已发布公示的更正记录被删除或改动：更正记录只能新增",
        "an amendment of a published notice was removed or changed (amendments are append-only)",
        "恢复原来的更正记录，新的更正另加一条",
    ),
    Entry(
        "NOTICE005",
        ERROR,
        "已开始的公示不在 data/notices/published.yaml 中，或更正后没有更新它",
        "started notice not in the published lock, or the lock not updated",
        "运行 baodao notices publish，把公示和 published.yaml 一起提交",
    ),
    Entry(
        "NOTICE006",
        ERROR,
        "已发布的公示文件被删除",
        "a published notice's file was deleted",
        "公示不能删除；恢复文件，需要撤回的，用更正记录说明",
    ),
    Entry(
        "NOTICE007",
        ERROR,
        "任职公示没有写明拟任人选（subjects 中没有姓名）",
        "appointment notice names nobody",
        "在 subjects 中逐人写明姓名（name）和拟任职务（post 或 role）",
    ),
    Entry(
        "NOTICE008",
        ERROR,
        "不是任职公示，却公布了未同意公开姓名的人",
        "only an appointment notice publishes a name without the person's recorded consent",
        "删去 name，只写职务；或写上 person，且人员名册中记有本人同意公开姓名",
    ),
    Entry(
        "NOTICE009",
        ERROR,
        "公示对象的职务在该组织的记录中不存在",
        "a subjects post the named organisation does not have",
        "职务编号取该组织记录 posts 中的 id",
    ),
    # CAL
    Entry(
        "CAL001",
        ERROR,
        "缺少当年的工作日历，无法计算公示期或办理时限",
        "missing working-day calendar for the year",
        "请组织部添加 data/calendar/<年>.yaml（节假日和调休上班日）",
    ),
)
