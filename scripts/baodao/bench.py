"""make bench: city-size timings and peak memory, each against a floor measured in the same run.

Stages run in their own processes; each peak is the largest sum of the resident memory of the
stage's process and its children (Pagefind, workers; proportional set sizes), sampled every 50 ms:
  parse           libyaml (CSafeLoader) over every YAML file + csv over every CSV: validate's floor
  validate-cold   baodao validate with an empty parse cache (records/cache.py)
  validate-warm   the same again: every file's records from the cache
  build-cold      baodao build, empty cache and work folder (validate → pages → mkdocs → scan)
  build-warm      the same again, nothing changed
  build-change    one compound renamed, then the incremental build
  bare            mkdocs build of as many trivial pages with the same theme: the floor for build
  prcheck         baodao pr check of that rename on a two-commit copy of the public data
Targets (docs/benchmark.md): validate cold ≤ 2× parse, warm ≤ 0.5×; build cold ≤ 3× bare, warm
≤ 1.3× bare, one change ≤ 15 % of cold; pr check ≤ 20 s; every peak < 1 GiB. A ratio's stage
and its floor run in turn (parse and validate-cold, build-cold and bare: ``_run_alternating``).
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from .records.cellsafe import safe_cell
from .repo import CODE_ROOT, Repo, resolve_as_of

GIB = 1024**3


def _stage_parse(root: Path) -> dict:
    n = 0
    for base in (root / "data", root / "private"):
        for path in sorted(base.rglob("*")):
            if path.suffix == ".yaml":
                yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
                n += 1
            elif path.suffix == ".csv":
                with path.open(encoding="utf-8") as fh:
                    n += sum(1 for _ in csv.reader(fh))
            elif path.suffix == ".md":
                text = path.read_text("utf-8")
                yaml.load(
                    text.split("\n---\n", 1)[0].removeprefix("---\n"), Loader=yaml.CSafeLoader
                )
    return {"items": n}


def _stage_validate(root: Path, mode: str = "warm") -> dict:
    from .assess.validation import problems_of
    from .problems import errors
    from .records.cache import cache_dir

    if mode == "cold":
        shutil.rmtree(cache_dir(root) or root / ".cache", ignore_errors=True)
    # What `baodao validate` runs (a warm run with nothing changed reads no records at all).
    checked = problems_of(Repo.locate(root), resolve_as_of("2026-11-23"))
    problems = checked.problems
    _KEPT.append(checked)  # freed by no one, as in `baodao validate` (cli.run, _stage_main)
    return {
        "records": checked.count,
        "errors": len(errors(problems)),
        "warnings": len(problems) - len(errors(problems)),
    }


def _stage_build(root: Path, out: Path, mode: str = "cold") -> dict:
    from .records.cache import cache_dir
    from .web.build import build

    if mode == "cold":  # nothing to build upon: no cache, no work folder, no output
        for folder in (cache_dir(root), out.parent / "build-work", out):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    elif mode == "change":
        rename_compound(root)
    report = build(Repo.locate(root), out, "2026-11-23", work=out.parent / "build-work")
    return {"pages": report.pages, **{k: round(v, 2) for k, v in report.timings.items()}}


def rename_compound(root: Path) -> Path:
    """One record changed as an editor changes it: the first compound's name (longer each time)."""
    path = sorted((root / "data").glob("*/*/compounds/*.yaml"))[0]
    text = path.read_text("utf-8")
    path.write_text(text.replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    return path


def make_pr_repo(root: Path, where: Path) -> tuple[Path, str, str]:
    """A git repository of the public data (as CI sees it): a base commit, and a head commit
    that renames one compound. Returns (repository, base, head)."""
    repo = where / "pr-repo"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    shutil.copytree(root / "data", repo / "data")
    (repo / ".gitignore").write_text("/.cache/\n/build/\n", encoding="utf-8")

    def git(*args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": "2026-11-20T00:00:00",
            "GIT_COMMITTER_DATE": "2026-11-20T00:00:00",
        }
        done = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "-c",
                "user.name=bench",
                "-c",
                "user.email=b@example.cn",
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return done.stdout.strip()

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    rename_compound(repo)
    git("commit", "-qam", "rename one compound")
    return repo, base, git("rev-parse", "HEAD")


def _stage_prcheck(repo: Path, base: str, head: str, mode: str) -> dict:
    from .github.prcheck import check_pr
    from .github.prtrees import MEMO_FOLDER
    from .records.cache import cache_dir

    cache = cache_dir(repo) or repo / ".cache"
    if mode == "cold":  # no parse cache and no memo of the base tree's report (prtrees.py)
        shutil.rmtree(cache, ignore_errors=True)
    memo = any((cache / MEMO_FOLDER).glob("*.json"))
    report = check_pr(repo, base, head, "bench", as_of=resolve_as_of("2026-11-23"))
    return {"problems": len(report.problems), "assessed": report.assessed, "memo": memo}


def _stage_assess(root: Path, out: Path) -> dict:
    """baodao assess as the command runs it: validate, every assessment and rating of the year
    (members, units, stars and communities ×2, property ×4, hotline), the output files."""
    from click.testing import CliRunner

    from .cli import main as cli

    args = ["--root", str(root), "assess", "--as-of", "2026-12-31", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    if result.exit_code != 0:
        raise SystemExit(result.output)
    files = list((root / "private").glob("*/*/activities/*.csv"))
    rows = sum(len(p.read_text("utf-8").splitlines()) - 1 for p in files)  # minus each header
    return {"activity_rows": rows}


def _stage_import(root: Path, sheet: Path) -> dict:
    """Import of one 16,000-row member sheet (written beforehand, not timed) into a community."""
    from .spreadsheet import import_table

    community = sheet.stem
    report = import_table(
        Repo.locate(root), sheet, "member_registrations", community=community, year=2026
    )
    return {"rows": report.rows, "errors": sum(p.severity == "error" for p in report.problems)}


def make_member_sheet(root: Path, out: Path, rows: int = 16000) -> Path:
    """An .xlsx of the city's member report-ins as an editor would keep it (Chinese headers)."""
    import json as _json

    from openpyxl import Workbook

    pkg = _json.loads((Repo.locate(root).schemas_dir / "datapackage.json").read_text("utf-8"))
    (res,) = [r for r in pkg["resources"] if r["name"] == "member_registrations"]
    fields = [f["name"] for f in res["schema"]["fields"]]
    data = []
    for path in sorted((root / "private").glob("*/*/members/2026.csv")):
        with path.open(encoding="utf-8") as fh:
            data.extend(csv.DictReader(fh))
    data = data[:rows]
    first = sorted((root / "private").glob("*/*/members/2026.csv"))[0]
    # Rows from the whole city imported into one community: each member must live there (the
    # import refuses another community's compound, REG006, as validate does), so a row from
    # elsewhere gets one of the community's compounds, in turn, and no building.
    own = sorted(
        p.stem
        for p in (root / "data").glob(
            f"{first.parent.parent.parent.name}/{first.parent.parent.name}/compounds/*.yaml"
        )
    )
    for n, row in enumerate(data):
        if own and row.get("compound") and row["compound"] not in own:
            row["compound"], row["building"] = own[n % len(own)], ""
    wb = Workbook()
    ws = wb.active
    ws.title = res["title"]
    ws.append([f["title"] for f in res["schema"]["fields"]])
    for row in data:
        # Rows from the whole city imported into one community: the per-file checks still run.
        ws.append([safe_cell(row.get(f, "")) for f in fields])
    sheet = out / f"{first.parent.parent.name}.xlsx"
    wb.save(sheet)
    return sheet


def _stage_bare(pages: int, out: Path) -> dict:
    """The same theme, plugins and nav size as the real site, with trivial pages."""
    from .web.mkdocsrun import run_mkdocs

    work = out.parent / "bare-work"
    docs = work / "docs"
    shutil.rmtree(work, ignore_errors=True)
    docs.mkdir(parents=True)
    config = yaml.safe_load((CODE_ROOT / "mkdocs.yml").read_text("utf-8"))
    nav_files = [next(iter(item.values())) for item in config["nav"]]
    for i in range(pages):
        rel = nav_files[i] if i < len(nav_files) else f"x/p{i}.md"
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(
            f"---\ntitle: 页面 {i}\n---\n\n# 页面 {i}\n\n测试页面。\n", encoding="utf-8"
        )
    shutil.copytree(CODE_ROOT / "site" / "assets", docs / "assets")
    config.update(docs_dir=str(docs), site_dir=str(out))
    config["theme"]["custom_dir"] = str(CODE_ROOT / "site" / "overrides")
    config.pop("exclude_docs", None)
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    run_mkdocs(work / "mkdocs.yml")
    return {"pages": pages}


def _run_stage(args: list[str], repeat: int) -> dict:
    """A stage in fresh processes, best of ``repeat`` runs: this VM's timings vary by ±20 %.

    The memory of the process tree is sampled in the first run only, and with more than one run
    the best time is taken from the others: reading every process's proportional set size 20
    times a second costs the measured processes CPU and page-table locks (a cold city validate,
    three processes of up to 800 MB, ran 6.46–6.58 s sampled and 6.08–6.20 s not; the parse
    floor, one process of 44 MB, the same either way)."""
    return _best([_run_once(args, sample=i == 0) for i in range(repeat)])


def _best(runs: list[dict]) -> dict:
    best = dict(min(runs[1:] or runs, key=lambda r: r["wall"]))
    best["peak_bytes"] = max(r["peak_bytes"] for r in runs)
    best["runs"] = [r["wall"] for r in runs]
    return best


def _run_alternating(
    stages: list[Callable[[list[list[dict]]], list[str]]], repeat: int
) -> list[dict]:
    """Stages measured against each other (a stage and its floor), run in turn ``repeat``
    times — a, b, a, b … — each reported as ``_run_stage`` reports it. One after the other,
    the floor and the stage met different hosts: in one bench run the bare MkDocs build took
    24.6, 29.2 and 30.4 s in a row, and the cold validate's three runs all fell in a slow
    spell (2.09× the parse floor measured a minute before; 1.64–1.78× run in turn). ``stages``
    give their arguments when run, from the runs so far (the bare build's page count is the
    first cold build's)."""
    runs: list[list[dict]] = [[] for _ in stages]
    for i in range(repeat):
        for stage, done in zip(stages, runs, strict=True):
            done.append(_run_once(stage(runs), sample=i == 0))
    return [_best(done) for done in runs]


def _run_once(args: list[str], sample: bool = True) -> dict:
    """One stage in a fresh process: its wall time, and the peak of its whole process tree when
    ``sample`` (else of the stage's own process, as it reports it)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "baodao.bench", "--stage", *args], stdout=out, stderr=err
        )
        tree_peak = 0
        while sample and proc.poll() is None:
            tree_peak = max(tree_peak, tree_rss(proc.pid))
            time.sleep(0.05)
        proc.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        sys.stderr.write(stdout + stderr)
        raise SystemExit(f"基准阶段失败 / stage failed: {args[0]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = wall
    # The sampled sum of the tree (parent and children at once), or the stage process's own
    # peak when that is higher (a peak shorter than the sampling period).
    result["single_peak_bytes"] = result["peak_bytes"]
    result["peak_bytes"] = max(result["peak_bytes"], tree_peak)
    return result


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants now (Linux /proc; 0 elsewhere): the sum of
    their proportional set sizes, so that pages forked workers share with their parent are
    counted once (a sum of resident sizes counts them in every worker). A child that still
    shares its parent's address space (between vfork and exec: every helper the build starts,
    Pagefind, MkDocs) is not counted: /proc shows it the parent's whole memory, and a sample
    caught in that instant counted the parent twice (a 500 MB process starting /bin/true
    measured 1,047 MB)."""
    total, todo = 0, [(pid, None)]
    while todo:
        p, parent = todo.pop()
        try:
            if parent is None or not _same_memory(parent, p):
                with open(f"/proc/{p}/smaps_rollup", encoding="ascii", errors="replace") as fh:
                    for line in fh:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
                            break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend((int(c), p) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


_KCMP = {"x86_64": 312, "aarch64": 272}  # the kcmp system call's number
_KCMP_VM = 1


def _same_memory(a: int, b: int) -> bool:
    """Whether two processes share one address space (Linux kcmp; False where it cannot say)."""
    number = _KCMP.get(platform.machine())
    if number is None or not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).syscall(number, a, b, _KCMP_VM, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _stage_main(argv: list[str]) -> None:
    stage, root = argv[0], Path(argv[1])
    if stage == "parse":
        out = _stage_parse(root)
    elif stage == "validate":
        out = _stage_validate(root, argv[2] if len(argv) > 2 else "warm")
    elif stage == "build":
        out = _stage_build(root, Path(argv[2]), argv[3] if len(argv) > 3 else "cold")
    elif stage == "prcheck":
        out = _stage_prcheck(root, argv[2], argv[3], argv[4])
    elif stage == "assess":
        out = _stage_assess(root, Path(argv[2]))
    elif stage == "import":
        out = _stage_import(root, Path(argv[2]))
    else:
        out = _stage_bare(int(argv[2]), Path(argv[3]))
    # The stage's own peak; its children's are in the sampled sum of the tree (_run_once).
    out["peak_bytes"] = own_peak()
    print(json.dumps(out), flush=True)
    # The process ends as the `baodao` command ends (cli.run): what the stage read is not freed.
    os._exit(0)


# What a stage read, alive until its process ends (``_stage_main``), as a command's records.
_KEPT: list[object] = []


def own_peak() -> int:
    """This process's peak resident size since it started its program (VmHWM), not
    ru_maxrss: Linux keeps that across exec, so a stage started by the bench reported the
    bench's own peak (its in-process preview: 1.8 GiB, shown as the import's), and a helper
    the stage started reported the stage's."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux


def _show(name: str, r: dict) -> None:
    # With more than one run, the first (*) is the one whose memory was sampled: not timed.
    marks = ["*"] + [""] * (len(r["runs"]) - 1) if len(r["runs"]) > 1 else [""]
    runs = " / ".join(f"{w:.2f}{m}" for w, m in zip(r["runs"], marks, strict=True))
    peak = r["peak_bytes"] / 2**20
    print(f"  {name:9s} 最好 {r['wall']:6.2f} 秒（{runs}）  峰值 {peak:6.0f} MiB", flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--stage":
        _stage_main(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description="baodao benchmark (city scale)")
    parser.add_argument("--scale", default="city", choices=["demo", "city"])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per stage: the first's memory is sampled (*), the best of the others reported",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated data here")
    opts = parser.parse_args(argv)
    from .demo.generate import generate

    tmp = Path(tempfile.mkdtemp(prefix="baodao-bench-"))
    root = opts.keep or tmp / "city"
    try:
        t = time.perf_counter()
        counts = generate(root, opts.scale)
        took = time.perf_counter() - t
        print(f"生成 {opts.scale} 数据：{sum(counts.values())} 条记录（{took:.1f} 秒）", flush=True)
        results = {}
        public = str(tmp / "public")
        # Each ratio's two sides in turn (_run_alternating): validate cold and its parse floor,
        # the cold build and a bare MkDocs build of as many pages (counted by the first build).
        results["parse"], results["v-cold"] = _run_alternating(
            [lambda _runs: ["parse", str(root)], lambda _runs: ["validate", str(root), "cold"]],
            opts.repeat,
        )
        _show("parse", results["parse"])
        _show("v-cold", results["v-cold"])
        results["v-warm"] = _run_stage(["validate", str(root), "warm"], opts.repeat)
        _show("v-warm", results["v-warm"])
        bare_out = str(tmp / "bare-public")
        results["build"], results["bare"] = _run_alternating(
            [
                lambda _runs: ["build", str(root), public, "cold"],
                lambda runs: ["bare", str(root), str(runs[0][0]["pages"]), bare_out],
            ],
            opts.repeat,
        )
        _show("build", results["build"])
        _show("bare", results["bare"])
        for name, args in [
            ("b-warm", ["build", str(root), public, "warm"]),
            ("b-change", ["build", str(root), public, "change"]),
        ]:
            results[name] = _run_stage(args, opts.repeat)
            _show(name, results[name])
        results["validate"] = results["v-cold"]
        pages = results["build"]["pages"]
        pr_repo, base, head = make_pr_repo(root, tmp)
        for name, mode in (("pr-cold", "cold"), ("pr-warm", "warm")):
            results[name] = _run_stage(["prcheck", str(pr_repo), base, head, mode], 1)
            _show(name, results[name])
        # Cold: both trees checked at once; warm: the base's report from its memo, the head only.
        memo = "命中" if results["pr-warm"]["memo"] else "未命中"
        print(f"  pr check 热：目标分支报告的备忘{memo}", flush=True)
        if any((root / "private").glob("*/*/activities/*.csv")):
            results["assess"] = _run_stage(["assess", str(root), str(tmp / "assess")], opts.repeat)
            _show("assess", results["assess"])
            ok = results["assess"]["wall"] <= 10
            print(
                ("达标 " if ok else "未达标 ")
                + f"assess（全部考核）{results['assess']['wall']:.2f} 秒（目标 ≤ 10 秒，issue 13）"
            )
        from .benchpreview import report as preview_report

        # Before the import, which writes its 16,000 rows into the data (a second copy of
        # members already registered: thousands of errors for the preview's first build).
        preview_report(root, tmp)  # edit → preview (issue 15)
        # baodao serve's memory: the preview ran in this process (its builds' helpers apart).
        print(f"  serve（预览，本进程）峰值 {own_peak() / 2**20:.0f} MiB", flush=True)
        if any((root / "private").glob("*/*/members/2026.csv")):
            sheet = make_member_sheet(root, tmp)
            results["import"] = _run_stage(["import", str(root), str(sheet)], 1)
            _show("import", results["import"])
            print(f"  import: {results['import']['rows']} 行，错误 {results['import']['errors']}")
        wall = {k: r["wall"] for k, r in results.items()}
        v_cold = wall["v-cold"] / wall["parse"]
        v_warm = wall["v-warm"] / wall["parse"]
        b_cold = wall["build"] / wall["bare"]
        b_warm = wall["b-warm"] / wall["bare"]
        b_change = wall["b-change"] / wall["build"]
        builds = ("build", "b-warm", "b-change")
        build_peak = max(results[k]["peak_bytes"] for k in builds)
        peak = max(r["peak_bytes"] for r in results.values())
        v = results["validate"]
        print()
        print(f"记录 {v['records']}，错误 {v['errors']}，警告 {v['warnings']}；页面 {pages}")
        for k in builds:
            parts = {p: results[k][p] for p in ("validate", "render", "mkdocs", "search", "scan")}
            print(f"{k} 分段（秒，最好一次）：{parts}")
        checks = [
            (f"validate 冷 / parse = {v_cold:.2f}×（目标 ≤ 2.0×）", v_cold <= 2.0),
            (f"validate 热 / parse = {v_warm:.2f}×（目标 ≤ 0.5×）", v_warm <= 0.5),
            (f"build 冷 / bare mkdocs = {b_cold:.2f}×（目标 ≤ 3.0×）", b_cold <= 3.0),
            (f"build 无改动 / bare mkdocs = {b_warm:.2f}×（目标 ≤ 1.3×）", b_warm <= 1.3),
            (f"build 改一条记录 / build 冷 = {b_change:.1%}（目标 ≤ 15%）", b_change <= 0.15),
            (f"pr check（缓存热）{wall['pr-warm']:.1f} 秒（目标 ≤ 20 秒）", wall["pr-warm"] <= 20),
            (
                f"build 峰值内存（含子进程）{build_peak / 2**20:.0f} MiB（目标 < 1024 MiB）",
                build_peak < GIB,
            ),
            (f"最大峰值内存 {peak / 2**20:.0f} MiB（目标 < 1024 MiB）", peak < GIB),
        ]
        for text, ok in checks:
            print(("达标 " if ok else "未达标 ") + text)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
