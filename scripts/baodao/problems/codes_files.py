"""Problem codes of reading files and checking them against their schemas: YAML, CSV, FILE, SCH,
DUP, BLD, REF.

See ``catalogue.py`` for what an entry holds and how a code is added.
"""

from __future__ import annotations

from . import ERROR, WARNING, Entry

_YAML_HINT = "检查缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对"
_CSV_SAVE = "用 WPS 或 Excel 选“另存为 → CSV UTF-8（逗号分隔）”后重新提交"

ENTRIES: tuple[Entry, ...] = (
    # YAML: a record file that cannot be read at all.
    Entry(
        "YAML001",
        ERROR,
        "YAML 或 JSON 语法错误，文件读不出来",
        "YAML or JSON syntax error",
        _YAML_HINT,
    ),
    Entry("YAML002", ERROR, "文件不是 UTF-8 编码", "file is not UTF-8", "用 UTF-8 编码保存文件"),
    Entry(
        "YAML003",
        ERROR,
        "公示文件没有以 --- 开头、以 --- 结束的头部信息",
        "notice without a --- front matter block",
        "文件第一行写 ---，头部信息（标题、开始日期等）之后再写一行 ---，正文写在后面",
    ),
    Entry(
        "YAML004",
        ERROR,
        "文件内容不是“字段: 值”的形式",
        "record is not a mapping",
        "每行写成“字段: 值”，列表项以“- ”开头",
    ),
    Entry(
        "YAML005",
        ERROR,
        "YAML 文件用了锚点和引用（& 和 *）",
        "YAML anchors and aliases are not allowed",
        "把被引用的内容直接写出来",
        "记录不需要锚点；拒绝它们，“十亿笑声”式的文件在展开之前就被挡住。",
    ),
    Entry(
        "YAML006",
        ERROR,
        "同一层级的字段写了两次，或字段名不是文字（如 yes、1）",
        "duplicate key, or a key that is not text",
        "删除或合并重复的字段；这样的字段名加英文引号",
        "重复的字段过去会静默地只保留最后一个，并被发布出去。",
    ),
    # LIMIT: limits that keep a hostile file from stopping the check (records/yamlio.py).
    Entry(
        "LIMIT001",
        ERROR,
        "文件太大：YAML、Markdown 超过 2 MB，JSON 超过 20 MB，CSV 超过 50 MB，不读取",
        "file over its size limit, refused unread",
        "检查是否误放了别的文件；长文请写在公示正文或附件中",
    ),
    Entry(
        "LIMIT002",
        ERROR,
        "嵌套超过 20 层",
        "nested deeper than 20 levels",
        "记录的层级不会这么深：检查括号是否成对、缩进是否正确",
    ),
    Entry(
        "LIMIT003",
        ERROR,
        "某个值太长：文字超过 5000 个字符，或整数超过 30 位",
        "a value over 5,000 characters, or an integer of more than 30 digits",
        "长文请写在公示正文或附件中；编号、电话和代码请加英文引号",
    ),
    # NUM: numbers that are not numbers.
    Entry(
        "NUM001",
        ERROR,
        "数字是 NaN（不是数）或无穷大",
        "NaN or an infinity in a number",
        "填写具体数字；不知道时留空或删去该字段",
        "YAML 的 .nan、.inf 和表格里的 NaN、inf、1e999 都会通过范围检查，再让考核和网站生成出错。",
    ),
    # CSV: tables (and spreadsheets being imported).
    Entry(
        "CSV001",
        ERROR,
        "表格的表头或行不对：空表、未知的列、缺少必填列、重复的列、格数与表头不符",
        "table header or row shape is wrong",
        "按表格模板的列名填写表头，每行的格数与表头一致",
        "导入时目标文件本身有错误，也报这个代码，整个表不导入。",
    ),
    Entry(
        "CSV002",
        ERROR,
        "表格读不出来：编码不是 UTF-8、文件类型不支持或 Excel 文件损坏",
        "table cannot be read (encoding or file type)",
        _CSV_SAVE,
    ),
    # IMP: what only a spreadsheet import can get wrong.
    Entry(
        "IMP001",
        ERROR,
        "导入的表格里，编号、代码或电话是数字格式的单元格，或写成了科学计数法（如 4.2E+11）",
        "a number where text is meant",
        "把这一列设为“文本”格式后重新输入（或在数字前加英文单引号 '）",
        "数字格式会丢掉开头的 0，长数字会变成科学计数法，原来的数字已经找不回来。",
    ),
    # FILE: where a file sits and what it is called.
    Entry(
        "FILE001",
        ERROR,
        "无法识别的文件：文件名或位置不符合数据目录结构；公开库里的文件都会公开，所以不能有这样的文件",
        "file of no known type under data/ (its text is still scanned for personal data)",
        "按《如何新增记录》放到对应的文件夹；编号只能用小写字母、数字和连字符；其他文件不要放进 data/",
    ),
    Entry(
        "FILE002",
        ERROR,
        "记录的编号（或年度、日期）与文件名不一致",
        "id (or year, date) disagrees with the file name",
        "把文件改名，或改正 id；文件名用拼音小写加连字符（如 lvjing-huayuan.yaml），与 id 相同",
    ),
    Entry(
        "FILE003",
        ERROR,
        "字段（街道、社区）与文件所在的文件夹不一致",
        "a street or community field disagrees with the folder",
        "把文件移到正确的文件夹，或改正该字段",
    ),
    Entry(
        "FILE004",
        ERROR,
        "找不到公开数据文件夹 data/",
        "no data/ folder",
        "在仓库根目录运行，或用 --root 指定数据仓库",
    ),
    Entry(
        "FILE005",
        ERROR,
        "文件名不是有效编号",
        "file name is not a valid id",
        "用拼音或代码命名，如 lvjing-huayuan.yaml；只能用小写字母、数字和连字符，中文名称写在 name 字段里",
    ),
    # SCH: the record against its schema (schemas/*.schema.json, schemas/datapackage.json).
    Entry("SCH001", ERROR, "缺少必填字段", "missing required field", "按提示补齐字段"),
    Entry(
        "SCH010",
        ERROR,
        "有记录的格式不对，一项检查未能完成",
        "a check could not finish on records of the wrong shape",
        "先按 SCH 错误改正记录的格式，再运行 baodao validate：这项检查的问题随后才能列出",
    ),
    Entry(
        "SCH002",
        ERROR,
        "未知字段（拼写错误，或这类记录没有这个字段）",
        "unknown field",
        "改正字段名的拼写，或删除这个字段",
    ),
    Entry(
        "SCH003",
        ERROR,
        "字段的类型不对（如应为数字却写了文字）",
        "wrong type",
        "按提示改正；数字不加引号，日期写成 2026-03-31",
    ),
    Entry(
        "SCH004",
        ERROR,
        "不是允许的取值",
        "not one of the allowed values",
        "从提示列出的可选值中选一个",
    ),
    Entry(
        "SCH005",
        ERROR,
        "格式不对：日期、电话、编号的写法，长度或数值范围",
        "bad format, length or range",
        "日期写成 2026-03-31；编号只用小写字母、数字和连字符",
    ),
    Entry(
        "SCH006",
        ERROR,
        "公示的结束日期（end）和工作日数（working_days）须填写一个，且只能填一个",
        "give exactly one of end and working_days",
        "任职公示用 working_days: 5",
    ),
    Entry(
        "SCH009",
        ERROR,
        "不符合记录格式的其他规则",
        "another schema rule failed",
        "按提示改正；看不懂的请联系组织部",
    ),
    # DUP: ids that must be unique.
    Entry(
        "DUP001",
        ERROR,
        "编号重复：同类记录（或表格中的一行）已用过这个编号",
        "duplicate id",
        "换一个未用过的编号；编号在全区同类记录中必须唯一",
    ),
    Entry("DUP002", ERROR, "同一列表中的岗位编号重复", "duplicate post id", "每个岗位用不同的 id"),
    Entry(
        "DUP003",
        ERROR,
        "同一小区里的楼栋编号重复",
        "duplicate building id in a compound",
        "每栋楼用不同的 id，如 3、3a",
    ),
    # BLD
    Entry(
        "BLD001",
        WARNING,
        "楼号写法不在常见写法里，居民可能搜不到",
        "building number in none of the forms of data/codes/building-number-forms.yaml (residents search by them)",
        "写成“3号楼”“3栋”等常见写法；确有其他写法请加到 data/codes/building-number-forms.yaml",
    ),
    # REF
    Entry(
        "REF001",
        ERROR,
        "引用了不存在的编号（网格、支部、单位、人员……）",
        "reference to an id that does not exist",
        "编号须与对应记录文件中的 id 完全一致，注意提示的“是否应为”",
    ),
)
