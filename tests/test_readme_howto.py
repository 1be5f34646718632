"""README's "How to add a record", followed word for word on a tiny repository: the steps and
their snippets are read out of README.md, so the document and this test cannot drift apart."""

from __future__ import annotations

import re
import textwrap

from click.testing import CliRunner

from baodao.cli import main
from baodao.repo import CODE_ROOT, CODE_SCHEMAS

README = CODE_ROOT / "README.md"


def _steps() -> list[tuple[str, str]]:
    """(the step's text, its code block dedented or "") of the section, in order."""
    text = README.read_text("utf-8")
    section = text.split("## How to add a record\n", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"(?m)^\d+\. ", section)[1:]
    steps = []
    for part in parts:
        block = re.search(r"```\w*\n(.*?)\n\s*```", part, re.S)
        code = textwrap.dedent(block.group(1)) + "\n" if block else ""
        steps.append((part[: block.start()] if block else part, code))
    return steps


def _follow(tiny, steps, skip: str = "") -> object:
    """Do what each step says; returns the result of the validate it says to run."""
    result = None
    for text, code in steps:
        verb = text.split()[0].rstrip(",")
        paths = re.findall(r"`(data/[^`]+\.yaml)`", text)
        if verb == skip:
            continue
        if verb == "Create":
            (path,) = paths
            tiny.write(path, code)
        elif verb == "Add":
            (path,) = paths
            key = code.split(":", 1)[0]
            assert f"`{key}:`" in text  # the step names the list it extends
            old = next(
                line
                for line in tiny.path(path).read_text("utf-8").splitlines()
                if line.startswith(f"{key}:")
            )
            tiny.replace(path, old, code.rstrip("\n"))
        elif verb == "Run":
            command = re.search(r"`(baodao [^`]+)`", text).group(1).split()[1:]
            result = CliRunner().invoke(
                main,
                [
                    "--root",
                    str(tiny.root),
                    "--schemas",
                    str(CODE_SCHEMAS),
                    *command,
                    "--as-of",
                    "2026-11-23",
                ],
            )
        else:
            assert verb == "Commit", f"a README step this test does not follow: {text!r}"
    return result


def test_the_readme_steps_are_the_ones_this_test_follows():
    assert [text.split()[0].rstrip(",") for text, _code in _steps()] == [
        "Create",
        "Add",
        "Run",
        "Commit",
    ]
    assert "compounds:" in _steps()[1][1]  # the branch's list is part of adding a compound


def test_following_the_readme_word_for_word_validates(tiny):
    result = _follow(tiny, _steps())
    assert result.exit_code == 0, result.output
    assert "chunhui" not in result.output  # no problem in the new record or because of it


def test_leaving_out_the_branchs_compounds_step_is_reported(tiny):
    """Why step 2 is there: without it validate names the compound the branch does not list."""
    result = _follow(tiny, _steps(), skip="Add")
    assert result.exit_code == 1
    assert (
        "data/qinghe/cuihu/compounds/chunhui.yaml:12: buildings[0].serve[0].branch: 错误 HIER003"
        " 党支部 'lvjing-zb' 的覆盖小区（compounds）中没有 'chunhui'" in result.output
    )
