"""Problem codes of editing on GitHub: FORM (issue forms), PR (pull requests), EDIT (editors.yaml).

See ``catalogue.py`` for what an entry holds and how a code is added.
"""

from __future__ import annotations

from . import ERROR, WARNING, Entry

ENTRIES: tuple[Entry, ...] = (
    # FORM: issue forms turned into records (baodao intake).
    Entry("FORM001", ERROR, "表单的必填项没有填写", "required answer is empty", "按说明填写这一项"),
    Entry(
        "FORM002",
        ERROR,
        "表单项的写法不对（应为一行、整数、数字、日期或下拉选项）",
        "answer of the wrong kind",
        "按提示的写法重新填写",
    ),
    Entry(
        "FORM003",
        ERROR,
        "表单内容含有不可见的控制字符",
        "control characters",
        "删除这些字符后重新提交（复制来的文字可先粘贴到记事本再复制）",
    ),
    Entry(
        "FORM004",
        ERROR,
        "编号中含有不可见的格式字符（零宽字符或文字方向控制符）",
        "invisible format characters in an id",
        "重新输入编号：只用小写字母、数字和连字符，不要复制粘贴",
    ),
    Entry(
        "FORM005",
        ERROR,
        "提交的内容无法作为表单读取（过大、缺少表单项或格式被改动）",
        "the issue body cannot be read as the form",
        "用原来的表单重新提交，不要改动各项的标题",
    ),
    Entry(
        "FORM006",
        ERROR,
        "相同的报到或内容已经提交过",
        "the same submission exists",
        "不必重复提交；需要更正的，请联系社区修改原记录",
    ),
    Entry(
        "FORM007",
        ERROR,
        "在单位所在社区以外报到，没有说明原因",
        "registering outside the unit's community needs a reason",
        "填写“异地报到原因”，或不填报到社区（即在单位所在社区报到）",
    ),
    # PR: judged with the base branch's code, rules and editors.yaml (docs/user-guide.md).
    Entry(
        "PR001",
        ERROR,
        "拉取请求改了提交人权限以外的文件",
        "file outside the author's scope",
        "只改自己负责的文件夹；其他文件请联系负责的编辑或组织部",
    ),
    Entry(
        "PR002",
        ERROR,
        "拉取请求修改或删除了已冻结的考核结果",
        "frozen result changed",
        "考核结果的更正由组织部运行 baodao assess --freeze --amend 原因 进行",
    ),
    Entry(
        "PR003",
        ERROR,
        "已发布的公示被修改或删除，但没有新增更正记录",
        "published notice changed without a new amendment",
        "公示更正在 amendments: 末尾加一条（日期、原因）",
    ),
    Entry(
        "PR004",
        ERROR,
        "改了程序、schema、工作流程、规则、代码表或编辑权限，尚未经组织部批准",
        "protected path without the organisation department's approval",
        "请组织部另一位成员审查后批准（Approve）；批准后检查会重新运行",
    ),
    Entry("PR005", ERROR, "提交了符号链接或子模块", "symlink or submodule", "提交普通文件"),
    Entry(
        "PR006",
        ERROR,
        "文件路径不安全（含 ..、. 或空的路径段、以 / 开头、反斜杠、换行等控制字符、不是 Unicode 标准组合形式，"
        "或混用几种文字的字母的仿冒名）；有 PR005 或 PR006 时不校验任何数据",
        "unsafe path ('..', '.', absolute, backslash, control character, not NFC, mixed scripts)",
        "文件夹名和文件名只用小写字母、数字和连字符（-）；删去这个文件后重新推送",
    ),
    Entry(
        "PR007",
        ERROR,
        "修改了别的组织发布的公示（公示的 issued_by；不填即为区委组织部发布）",
        "a notice issued by another organisation",
        "公示只由发布它的组织和组织部修改；新发布的公示写上 issued_by: 本组织；其他组织的公示请联系该组织或组织部",
    ),
    # EDIT: data/editors.yaml.
    Entry(
        "EDIT001",
        ERROR,
        "同一账号登记了不止一次",
        "login listed twice",
        "每个账号只登记一次，把它的路径合并到一项里",
    ),
    Entry(
        "EDIT002",
        ERROR,
        "没有组织部账号：受保护文件的修改无人可审核",
        "no organisation department login",
        "至少登记一个 role: organisation_department 的账号",
    ),
    Entry(
        "EDIT003",
        ERROR,
        "普通编辑的修改范围含受保护的路径",
        "protected path in an editor's scope",
        "删去这条路径；规则、代码表、日历和编辑权限的修改由组织部审核",
    ),
    Entry(
        "EDIT004",
        WARNING,
        "路径对不上任何现有文件",
        "path matching no file",
        "检查街道和社区编号的拼写",
    ),
)
