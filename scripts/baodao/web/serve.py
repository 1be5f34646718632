"""``baodao serve``: the editor's preview — edit a record, save, see the page.

A watcher (watchdog, already installed as mkdocs' own dependency) notices a change under data/,
the private root, the schemas or the site sources, waits for the editor to finish saving, and
rebuilds into a persistent folder. Every HTML page served gets a tiny same-origin script that
long-polls ``/__baodao/reload``: when a rebuild is done the page reloads itself. When the records
have errors the page shows the same problems as ``baodao validate`` (file:line, code, hint)
instead of the site, and reloads again once they are fixed. A missing page is answered with the
site's own 404 page, never the server's English one. The server binds 127.0.0.1 only.

A rebuild after an edit to record files is three steps (web/quickpreview.py):

1. *the edited records' own pages*: when every saved file reads again as the record it was
   (no load error; the dataset kept in memory is patched with it, records/load.py's
   ``reload_files``), the pages of those records (a compound's page and its boards …) whose
   templates read only the view's core are rendered from the core alone (publicview.py's
   ``core``), built with MkDocs and scanned; if the scan is clean they are served at once and
   the page reloads (any finding: nothing is served, the next step shows it);
2. *quick*: from what the preview keeps in memory (the parsed files, the public view's parts
   with the records each read), only the pages whose inputs changed are rendered, built alone
   with MkDocs and scanned for private values; if the scan is clean they are served at once
   (the page reloads), else the leaks are shown instead of the site. A load error, an edit to
   the schemas or site sources, or a view that cannot be built skips steps 1 and 2;
3. *full*: :func:`build` as ``baodao build`` runs it (validate, every page, open data, Pagefind,
   the scan of every changed file), which shows validate's problems in the page when there
   are errors, and leaves the output ``baodao build`` would make.
"""

from __future__ import annotations

import html
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..problems import ERROR, Problem
from ..repo import Repo
from ..repo import as_of as resolve
from .build import BuildRefused, _site_sources, build
from .quickpreview import Quick
from .scan import Leak

RELOAD_PATH = "/__baodao/reload"
SCRIPT_PATH = "/__baodao/reload.js"
# Long-poll: the page asks "anything newer than N?"; the answer comes when there is, or after
# this many seconds (then the page simply asks again).
POLL_SECONDS = 20.0
QUIET_SECONDS = 0.3  # an editor's save can be several writes: build once they stop

# Same origin, no inline code (a page's own policy may forbid inline scripts): asks the server,
# reloads when the version it was served with is outdated.
RELOAD_JS = """(function () {
  var me = document.currentScript, v = Number(me.getAttribute("data-version"));
  function ask() {
    fetch("/__baodao/reload?since=" + v, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (t) { if (Number(t) > v) { location.reload(); } else { ask(); } })
      .catch(function () { setTimeout(ask, 2000); });
  }
  ask();
})();
"""

_FALLBACK_404 = (
    "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>找不到这个页面</title>"
    "<h1>找不到这个页面</h1><p>网站还没有生成，或这个地址不存在。<a href=/>回到首页</a></p>"
)


class Preview:
    """The state the server shows: the built folder, the problems of the last build, and a
    version that goes up with every rebuild (the reload script waits for it)."""

    def __init__(
        self,
        repo: Repo | None,
        out: Path,
        as_of: str | None = None,
        say: Callable[[str], None] = lambda _m: None,
    ):
        self.repo = repo
        self.out = out
        self.as_of = as_of
        self.say = say
        self.version = 0
        self.problems: list[Problem] = []
        self.refusal = ""
        self.changed = threading.Condition()
        self.building = threading.Lock()
        # A work folder of its own: the incremental state is fingerprinted with its output
        # folder, so sharing build/ with `baodao build --out public` would make every preview
        # after a publish build (and the next publish build) start cold.
        self.work = out.with_name(out.name + "-work")
        self.quick = Quick(repo, out, self.work) if repo is not None else None

    def _publish(self, problems: list[Problem], refusal: str) -> None:
        with self.changed:
            self.problems, self.refusal = problems, refusal
            self.version += 1
            self.changed.notify_all()

    def _quick(self, changed: set[str], started: float) -> None:
        """The pages the edit changed, served before the full build (web/quickpreview.py):
        the edited records' own pages first, then every other changed page."""
        if self.quick is None:
            return
        if self.refusal or not self.quick.covers(changed):
            self.quick.forget(changed)
            return
        assert self.repo is not None
        try:
            day = resolve(self.repo, self.as_of).day
            first = self.quick.first(changed, day)
            if first:
                self._publish([], "")
                took = time.perf_counter() - started
                self.say(f"已更新 {len(first)} 个页面（{took:.1f} 秒），正在更新其他页面 …")
            result = self.quick.run(day)
        except Exception as exc:  # noqa: BLE001 — the full build follows and says what is wrong
            self.quick.forget(changed)
            self.say(f"快速预览未完成（{type(exc).__name__}），完整生成 …")
            return
        if result is None:
            return
        pages, leaks = result
        if leaks:
            refusal = f"预览页面中发现 {len(leaks)} 处不应公开的内容，未显示"
            self._publish([_leak_problem(leak) for leak in leaks], refusal)
            self.say(f"{refusal}；页面上列出了问题")
        elif pages:
            self._publish([], "")
            took = time.perf_counter() - started
            self.say(f"已更新 {len(pages)} 个页面（{took:.1f} 秒），正在完整生成和检查 …")

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Build once (after an edit to ``changed`` paths, the quick step first); afterwards
        pages reload (to the site, or to the problems)."""
        if self.repo is None:
            return
        with self.building:
            started = time.perf_counter()
            if changed:
                self._quick(changed, started)
            try:
                memo = self.quick.view_memo if self.quick is not None else None
                parsed = self.quick.parsed_files() if self.quick is not None else None
                build(
                    self.repo,
                    self.out,
                    self.as_of,
                    self.work,
                    progress=self.say,
                    view_memo=memo,
                    parsed=parsed,
                )
                problems, refusal = [], ""
                self.say(f"预览已更新（{time.perf_counter() - started:.1f} 秒）")
                if self.quick is not None and self.quick.cache is None:
                    self.quick.prime()  # what the next edit's quick step reads
            except BuildRefused as exc:
                problems, refusal = [*exc.problems], str(exc)
                problems.extend(_leak_problem(leak) for leak in exc.leaks)
                self.say(f"{refusal}；页面上列出了问题")
            except Exception as exc:  # noqa: BLE001 — the preview must outlive any failed build
                problems, refusal = [], f"生成失败：{type(exc).__name__}: {exc}"
                self.say(refusal)
            self._publish(problems, refusal)

    def wait_newer(self, since: int, timeout: float = POLL_SECONDS) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version > since, timeout)
            return self.version

    def problem_page(self) -> bytes:
        items = []
        for p in self.problems:
            where = f"{p.file}:{p.line}" if p.line else p.file
            field = f" {p.field}" if p.field else ""
            hint = f"<br><small>修改建议：{html.escape(p.hint)}</small>" if p.hint else ""
            sev = "错误" if p.severity == ERROR else "警告"
            items.append(
                f"<li><code>{html.escape(where)}</code>{html.escape(field)} "
                f"<b>{sev} {html.escape(p.code)}</b> {html.escape(p.message)}{hint}</li>"
            )
        text = (
            "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            "<title>记录有问题，预览未更新</title></head>"
            "<body style='font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem'>"
            f"<h1>记录有问题，预览未更新</h1><p>{html.escape(self.refusal)}</p>"
            f"<ol>{''.join(items)}</ol>"
            "<p>修改并保存后，本页会自动刷新（与 <code>baodao validate</code> 报告的问题相同）。</p>"
            "</body></html>"
        )
        return self.inject(text.encode("utf-8"))

    def inject(self, page: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" data-version="{self.version}"></script>'.encode()
        at = page.rfind(b"</body>")
        return page[:at] + tag + page[at:] if at >= 0 else page + tag


def _leak_problem(leak: Leak) -> Problem:
    """A leak as the page lists problems (web/scan.py)."""
    return Problem(leak.file, leak.line, "", "PRIV", ERROR, f"{leak.kind}：{leak.value}")


def handler_for(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.out), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's name)
            pass  # the terminal is for the editor: rebuilds and problems, not every request

        def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == RELOAD_PATH:
                since = parse_qs(url.query).get("since", ["0"])[0]
                version = preview.wait_newer(int(since) if since.isdigit() else 0)
                self._send(200, str(version).encode(), "text/plain; charset=utf-8")
                return
            if url.path == SCRIPT_PATH:
                self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
                return
            if preview.refusal and (url.path.endswith("/") or url.path.endswith(".html")):
                self._send(200, preview.problem_page())
                return
            target = Path(self.translate_path(url.path))
            if target.is_dir():
                if not url.path.endswith("/"):
                    super().do_GET()  # the standard redirect to the folder's address
                    return
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                self._send(200, preview.inject(target.read_bytes()))
                return
            super().do_GET()

        def send_error(self, code: int, message: str | None = None, explain=None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            page = preview.out / "404.html"  # the site's own page (web/notfound.py)
            body = page.read_bytes() if page.is_file() else _FALLBACK_404.encode("utf-8")
            self._send(404, preview.inject(body) if preview.repo is not None else body)

    return Handler


def watched(repo: Repo) -> list[Path]:
    """What an edit can change: the records, the schemas and the site sources."""
    config, site = _site_sources(repo.root)
    paths = [repo.root / "data", repo.schemas_dir, config, site]
    if repo.private_root is not None:
        paths.append(repo.private_root)
    return [p for p in paths if p.exists()]


class Watcher:
    """Rebuilds after an edit to a watched path, once the saving has stopped."""

    def __init__(self, preview: Preview, paths: list[Path]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.preview = preview
        self.edited = threading.Event()
        self.last = 0.0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.paths: set[str] = set()  # edited since the last rebuild
        outer = self
        files = {str(p) for p in paths if not p.is_dir()}
        folders = [str(p) for p in paths if p.is_dir()]

        class OnEdit(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                # A save is "modified" (or created, deleted, moved): the "closed" of the same save
                # can arrive after the quiet time on a busy machine and would build twice;
                # opening and reading (the build itself) are no edits; a folder's "modified"
                # only repeats its files' own events.
                if event.event_type not in ("created", "modified", "deleted", "moved"):
                    return
                if event.is_directory and event.event_type == "modified":
                    return
                names = {str(event.src_path), str(getattr(event, "dest_path", "") or "")}
                # A watched file's folder (mkdocs.yml's: the repository root) is watched for
                # that file only, not for the build folder appearing beside it.
                if not names & files and not any(
                    n.startswith(f) for n in names if n for f in folders
                ):
                    return
                with outer.lock:
                    outer.paths |= {n for n in names if n}
                outer.last = time.monotonic()
                outer.edited.set()

        self.observer = Observer()
        for p in paths:
            folder = p if p.is_dir() else p.parent
            self.observer.schedule(OnEdit(), str(folder), recursive=p.is_dir())
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.edited.set()
        self.observer.stop()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.edited.wait()
            if self.stopping.is_set():
                return
            while time.monotonic() - self.last < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS / 3)
            self.edited.clear()
            with self.lock:
                changed, self.paths = self.paths, set()
            self.preview.rebuild(changed)


def make_server(preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(preview))
    server.daemon_threads = True
    return server
