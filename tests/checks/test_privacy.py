"""Planted personal data, one test per class: ``baodao validate`` exits 1 naming file:line, and
a build forced past validation finds it in its output and deletes the output.

Intake and ``pr check`` refuse the same plants: tests/github/test_privacy_gates.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_SCHEMAS
from baodao.web import build as build_module
from baodao.web.build import BuildRefused, build

# GB 11643's worked example: the check digit X was computed by hand (tests/model/test_personal.py).
ID = "11010519491231002X"
ID_MASKED = "110*************2X"
NEED = "data/qinghe/cuihu/lists/needs/cuihu-n01.yaml"
EVENT = "data/qinghe/cuihu/lists/events/cuihu-e01.yaml"
ADMISSION = "data/admission/2024-01-01.yaml"
NOTICE = "data/notices/2026-09-01-cuihu-secretary.md"
REQUESTS = "data/qinghe/cuihu/requests/2026.csv"
ID_HINT = "\n    修改建议：删除该号码；人员只用人员编号（p-…）标识，并从 git 历史中清除"
MOBILE_HINT = "\n    修改建议：个人手机号不得录入；工作电话写在 work_phone 中"
NAME_HINT = "\n    修改建议：删除姓名，改写职务或“一名党员”；或取得本人书面同意后在人员名册中把 consent_name 改为 true"

# Six writings of one mobile, as editors type them (full-width digits from a Chinese IME).
MOBILES = [
    "13912345678",
    "139-1234-5678",
    "139 1234 5678",
    "+86 139 1234 5678",
    "0086 13912345678",
    "１３９１２３４５６７８",
]


def validate(tiny) -> tuple[int, str]:
    done = CliRunner().invoke(
        main,
        [
            "--root",
            str(tiny.root),
            "--schemas",
            str(CODE_SCHEMAS),
            "validate",
            "--as-of",
            "2026-11-23",
        ],
    )
    return done.exit_code, done.output


def forced_build(tiny, tmp_path, monkeypatch) -> tuple[list[str], bool]:
    """Build as if validation had missed the plant: the scan of the output must catch it."""
    monkeypatch.setattr(build_module, "errors", lambda _problems: [])
    out = tmp_path / "public"
    with pytest.raises(BuildRefused) as exc:
        build(tiny.repo(), out, "2026-11-23", work=tmp_path / "work")
    return [lk.format() for lk in exc.value.leaks], out.exists()


def test_an_id_number_in_any_text_field(tiny, tmp_path, monkeypatch):
    tiny.replace(NEED, "community: cuihu", f"description: 联系人身份证号 {ID}\ncommunity: cuihu")
    tiny.replace(EVENT, "name: 老旧楼栋水电义诊", "name: 老旧楼栋水电义诊 110105 19491231 002X")
    tiny.replace(
        ADMISSION,
        "name: 宣传宪法、法律、法规和国家政策，教育居民依法履行义务",
        f"name: 宣传宪法（经办人 {ID.lower()}）",
    )
    tiny.replace(NOTICE, "现予公示。", f"现予公示。身份证号{ID}")
    tiny.replace(REQUESTS, "路灯不亮", f"路灯不亮，报修人{ID}")
    code, out = validate(tiny)
    assert code == 1
    msg = f"错误 PRIV002 疑似居民身份证号 {ID_MASKED}：数据库不得保存身份证号 / resident ID number: never stored here{ID_HINT}"
    for where in (
        f"{NEED}:3: description:",
        f"{EVENT}:2: name:",
        f"{ADMISSION}:9: items[0].name:",
        f"{NOTICE}:19: 正文:",
        f"{REQUESTS}:2: summary:",
    ):
        assert f"{where} {msg}" in out
    assert ID not in out and ID.lower() not in out
    leaks, kept = forced_build(tiny, tmp_path, monkeypatch)
    assert not kept
    assert leaks and all(f"身份证号 {ID_MASKED}" in leak for leak in leaks)
    pages = {leak.split(":")[0] for leak in leaks}
    assert any(p.startswith("n/") for p in pages) and any(p.startswith("gov/") for p in pages), (
        pages
    )


@pytest.mark.parametrize("mobile", ["𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "①③⑨ ①②③④ ⑤⑥⑦⑧"])
def test_a_mobile_in_digits_that_normalise_to_ascii_in_a_record_and_a_table(tiny, mobile):
    # Mathematical and circled digits read as digits once NFKC-normalised, as the detectors
    # read every text: the quick gates before them must let them through, in a YAML field and
    # in a table cell alike (both once missed them).
    tiny.replace(NEED, "name: 长乐里楼道照明维修", f"name: 长乐里楼道照明维修（有事打 {mobile}）")
    tiny.replace(REQUESTS, "路灯不亮", f"路灯不亮，电话{mobile}")
    code, out = validate(tiny)
    assert code == 1
    msg = f"错误 PRIV003 手机号 139******78 出现在非电话字段中 / mobile number outside a phone field{MOBILE_HINT}"
    assert f"{NEED}:2: name: {msg}" in out
    assert f"{REQUESTS}:2: summary: {msg}" in out


@pytest.mark.parametrize("mobile", MOBILES)
def test_a_mobile_in_each_writing(tiny, tmp_path, monkeypatch, mobile):
    tiny.replace(NEED, "name: 长乐里楼道照明维修", f"name: 长乐里楼道照明维修（有事打 {mobile}）")
    code, out = validate(tiny)
    assert code == 1
    assert (
        f"{NEED}:2: name: 错误 PRIV003 手机号 139******78 出现在非电话字段中 / "
        f"mobile number outside a phone field{MOBILE_HINT}"
    ) in out
    leaks, kept = forced_build(tiny, tmp_path, monkeypatch)
    assert not kept and any("未公开的手机号 139******78" in leak for leak in leaks)


def test_an_unconsented_name_inside_a_sentence(tiny, tmp_path, monkeypatch):
    # 孙秀英 is in the registry without consent; 周明 (two characters) next to 同志.
    tiny.replace(NEED, "name: 长乐里楼道照明维修", "name: 负责人孙秀英同志和周明同志牵头维修照明")
    code, out = validate(tiny)
    assert code == 1
    for masked in ("孙**", "周*"):
        assert (
            f"{NEED}:2: name: 错误 PRIV007 出现了未同意公开的姓名 {masked}（人员名册中此人未同意公开姓名）"
            f" / name of a person who has not consented to be named{NAME_HINT}"
        ) in out
    assert "孙秀英" not in out
    leaks, kept = forced_build(tiny, tmp_path, monkeypatch)
    assert not kept and any("未同意公开的姓名 孙**" in leak for leak in leaks)


def test_a_consented_name_and_a_word_are_not_names(tiny):
    # 李娜 consented; 周明 without a word marking a person is the word in 周明路 (a street name).
    tiny.replace(
        NEED, "community: cuihu", "description: 李娜同志反映周明路口积水\ncommunity: cuihu"
    )
    assert validate(tiny)[0] == 0


def test_a_registry_copy_in_a_dot_folder(tiny):
    copy = tiny.path("private/people/qinghe.csv").read_text("utf-8")
    tiny.write("data/.backup/renyuan.csv", copy)
    code, out = validate(tiny)
    assert code == 1
    assert (
        "data/.backup/renyuan.csv:1: 错误 PRIV001 党员个人层面的数据（人员名册、党员报到、活动记录）不能放在公开的 data/ 下"
        " / member-level records must not be in the public data/ root"
        "\n    修改建议：把文件移到私有库（private/），并从 git 历史中清除"
    ) in out


def test_a_stray_text_file(tiny):
    tiny.write("data/qinghe/cuihu/beizhu.txt", f"走访记录\n王阿姨 139-1234-5678，身份证 {ID}\n")
    code, out = validate(tiny)
    assert code == 1
    file = "data/qinghe/cuihu/beizhu.txt"
    assert f"{file}: 错误 FILE001 无法识别的文件" in out
    assert f"{file}:2: 错误 PRIV002 疑似居民身份证号 {ID_MASKED}" in out
    assert f"{file}:2: 错误 PRIV003 手机号 139******78 出现在非电话字段中" in out


def test_a_bank_card_number(tiny):
    # 6222 0212 3456 7890 128: Luhn sum 50, checked by hand.
    tiny.replace(
        NEED, "community: cuihu", "description: 捐款请转 6222 0212 3456 7890 128\ncommunity: cuihu"
    )
    code, out = validate(tiny)
    assert code == 1
    assert (
        f"{NEED}:3: description: 错误 PRIV006 疑似银行卡号 622**************28：数据库不得保存银行卡号"
        " / bank card number: never stored here"
        "\n    修改建议：删除该号码；经费往来只写金额和用途，并从 git 历史中清除"
    ) in out


def test_a_mobile_in_a_row_whose_id_is_taken_is_named_too(tiny):
    # The dataset keeps the first record of an id (the second is DUP001): the second row is
    # still in the published file, and what it holds is reported as in any other row.
    path = tiny.path(REQUESTS)
    row = "cuihu-2026-0001,cuihu-g01,lvjing,facilities,路灯又不亮，电话13912345678,2026-10-20,,,,\n"
    path.write_text(path.read_text("utf-8") + row, "utf-8")
    code, out = validate(tiny)
    assert code == 1
    assert (
        f"{REQUESTS}:3: summary: 错误 PRIV003 手机号 139******78 出现在非电话字段中 / "
        f"mobile number outside a phone field{MOBILE_HINT}"
    ) in out
