"""A GitHub API on 127.0.0.1 for offline tests, checked against GitHub's own OpenAPI contract.

Every request github3.py sends and every response this server gives is validated with
openapi-core against ``api.github.com.subset.json`` (extracted from the npm package
``@octokit/openapi`` by ``scripts/tools/github_openapi_subset.py``); a mismatch is recorded in
``violations`` and the test fails. Response bodies start from a minimal instance of the
operation's response schema (every required field, typed) with the fake's state laid over it.

Faults: ``fail(method, pattern, status, times, headers)`` answers the next ``times`` matching
requests with ``status`` (403, 422, 5xx …) before serving them normally.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC_FILE = Path(__file__).with_name("api.github.com.subset.json")
HOST = "https://api.github.com"
_SPEC: dict | None = None
_OPENAPI: OpenAPI | None = None


def spec() -> tuple[dict, OpenAPI]:
    global _SPEC, _OPENAPI
    if _SPEC is None:
        _SPEC = json.loads(SPEC_FILE.read_text("utf-8"))
        _OPENAPI = OpenAPI.from_dict(copy.deepcopy(_SPEC))
    return _SPEC, _OPENAPI


def _resolve(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        _, _, kind, name = node["$ref"].split("/", 3)
        node = root["components"][kind][name]
    return node


def sample(schema: dict, root: dict, depth: int = 0) -> Any:
    """A minimal instance of ``schema``: every required property, typed, nothing optional."""
    s = _resolve(schema, root)
    if "allOf" in s:
        out: dict = {}
        for part in s["allOf"]:
            value = sample(part, root, depth)
            if isinstance(value, dict):
                out.update(value)
        return out
    for key in ("oneOf", "anyOf"):
        if key in s:
            options = [o for o in s[key] if _resolve(o, root).get("type") != "null"]
            return sample(options[0], root, depth)
    if "enum" in s:
        return next((v for v in s["enum"] if v is not None), None)
    t = s.get("type")
    if isinstance(t, list):
        t = next(x for x in t if x != "null")
    if t == "object" or (t is None and "properties" in s):
        props = s.get("properties", {})
        required = s.get("required", [])
        # github3.py reads some optional fields too: the outer levels get every property
        # (null where the contract allows it), deeper levels only the required ones.
        names = list(props) if depth < 2 else required
        out = {}
        for k in names:
            sub = _resolve(props.get(k, {"type": "string"}), root)
            if k not in required and sub.get("nullable") and None in sub.get("enum", [None]):
                out[k] = None
            elif depth < 14:
                out[k] = sample(sub, root, depth + 1)
        return out
    if t == "array":
        return []
    if t == "integer":
        return max(1, s.get("minimum", 1))
    if t == "number":
        return 1
    if t == "boolean":
        return False
    if t == "string":
        fmt = s.get("format")
        return {
            "date-time": "2026-11-23T00:00:00Z",
            "uri": "https://example.invalid/x",
            "email": "bot@example.invalid",
            "date": "2026-11-23",
            "uri-template": "https://example.invalid/{x}",
        }.get(fmt, "x")
    return None


# Answers GitHub gives that its description leaves out: a missing environment is a 404.
UNDOCUMENTED = {("/repos/{owner}/{repo}/environments/{environment_name}", 404)}
# A property GitHub leaves out (an issue that is no pull request has no "pull_request").
ABSENT = object()


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            if v is ABSENT:
                out.pop(k, None)
            else:
                out[k] = _merge(base.get(k), v)
        return out
    return over


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    headers: dict[str, str] = field(default_factory=dict)


class FakeGitHub:
    """In-memory state of one repository and the operations baodao calls on it."""

    def __init__(self, owner: str = "qinghe", name: str = "baodao-data"):
        self.owner, self.name = owner, name
        self.default_branch = "main"
        self.refs: dict[str, str] = {"heads/main": "a" * 40}
        self.pulls: dict[int, dict] = {}
        self.issues: dict[int, dict] = {}
        self.comments: dict[int, dict] = {}
        self.releases: dict[int, dict] = {}
        self.files: dict[tuple[str, str], bytes] = {}  # (branch, path) -> content
        self.next_id = 100
        self.log: list[tuple[str, str, int]] = []  # (method, path, status) served
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        # Settings (baodao github settings): None answers 404, as GitHub does when unset.
        self.protection: dict | None = None
        self.rules: list[dict] = []
        self.environments: dict[str, dict] = {}
        self.workflow_permissions: dict = {
            "default_workflow_permissions": "write",
            "can_approve_pull_request_reviews": False,
        }

    # ---- set-up helpers for tests --------------------------------------------------------
    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def user(self, login: str) -> dict:
        kind = "Bot" if login.endswith("[bot]") else "User"
        return {
            "login": login,
            "id": abs(hash(login)) % 10**6,
            "type": kind,
            "html_url": f"https://github.com/{login}",
        }

    def add_issue(self, title: str, body: str, login: str, labels: list[str] = ()) -> int:
        n = self._id()
        self.issues[n] = {
            "number": n,
            "title": title,
            "body": body,
            "user": login,
            "labels": list(labels),
            "state": "open",
            "pull": False,
        }
        return n

    def add_pull(
        self,
        login: str,
        head_sha: str,
        base_sha: str,
        files: list[str],
        body: str = "",
        branch: str = "topic",
    ) -> int:
        n = self.add_issue(f"PR {branch}", body, login)
        self.issues[n]["pull"] = True
        self.pulls[n] = {
            "number": n,
            "user": login,
            "head": head_sha,
            "base": base_sha,
            "branch": branch,
            "files": list(files),
            "reviews": [],
            "body": body,
            "title": f"PR {branch}",
            "state": "open",
        }
        return n

    def review(self, number: int, login: str, state: str, commit: str) -> None:
        self.pulls[number]["reviews"].append(
            {"id": self._id(), "user": login, "state": state, "commit_id": commit}
        )

    def fail(
        self,
        method: str,
        pattern: str,
        status: int,
        times: int = 1,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.faults.append(Fault(method, re.compile(pattern), status, times, headers or {}))

    def served(self, method: str, pattern: str) -> list[tuple[str, str, int]]:
        return [x for x in self.log if x[0] == method and re.search(pattern, x[1])]

    # ---- objects as GitHub shows them ----------------------------------------------------
    @property
    def full(self) -> str:
        return f"{self.owner}/{self.name}"

    def api(self, *parts: Any) -> str:
        return "/".join([f"{self.base_url}/repos/{self.full}", *map(str, parts)])

    def repo_json(self) -> dict:
        return {
            "id": 1,
            "name": self.name,
            "full_name": self.full,
            "owner": self.user(self.owner),
            "default_branch": self.default_branch,
            "url": self.api().rstrip("/"),
            "html_url": f"https://github.com/{self.full}",
            "private": False,
        }

    def issue_json(self, n: int) -> dict:
        i = self.issues[n]
        out = {
            "id": n * 10,
            "number": n,
            "title": i["title"],
            "body": i["body"],
            "state": i["state"],
            "user": self.user(i["user"]),
            "labels": [
                {
                    "id": k + 1,
                    "name": lb,
                    "url": self.api("labels", lb),
                    "color": "ededed",
                    "default": False,
                    "description": None,
                    "node_id": "L",
                }
                for k, lb in enumerate(i["labels"])
            ],
            "url": self.api("issues", n),
            "html_url": f"https://github.com/{self.full}/issues/{n}",
            "comments_url": self.api("issues", n, "comments"),
            "labels_url": self.api("issues", n, "labels{/name}"),
            "events_url": self.api("issues", n, "events"),
            "repository_url": self.api().rstrip("/"),
        }
        if i["pull"]:
            out["pull_request"] = {
                "url": self.api("pulls", n),
                "html_url": None,
                "diff_url": None,
                "patch_url": None,
            }
        else:
            out["pull_request"] = ABSENT
        return out

    def comment_json(self, cid: int) -> dict:
        c = self.comments[cid]
        return {
            "id": cid,
            "body": c["body"],
            "user": self.user(c["user"]),
            "url": self.api("issues", "comments", cid),
            "html_url": f"https://github.com/{self.full}/issues/{c['issue']}#issuecomment-{cid}",
            "issue_url": self.api("issues", c["issue"]),
        }

    def pull_json(self, n: int) -> dict:
        p = self.pulls[n]

        def side(sha: str, ref: str) -> dict:
            return {
                "sha": sha,
                "ref": ref,
                "label": f"{self.owner}:{ref}",
                "user": self.user(self.owner),
                "repo": self.repo_json(),
            }

        return {
            "id": n * 10,
            "number": n,
            "title": p["title"],
            "body": p["body"],
            # The full media type github3.py asks for adds the rendered bodies.
            "body_html": p["body"],
            "body_text": p["body"],
            "state": p["state"],
            "user": self.user(p["user"]),
            "head": side(p["head"], p["branch"]),
            "base": side(p["base"], self.default_branch),
            "url": self.api("pulls", n),
            "html_url": f"https://github.com/{self.full}/pull/{n}",
            "issue_url": self.api("issues", n),
            "comments_url": self.api("issues", n, "comments"),
            "review_comments_url": self.api("pulls", n, "comments"),
            "review_comment_url": self.api("pulls", "comments{/number}"),
            "commits_url": self.api("pulls", n, "commits"),
            "statuses_url": self.api("statuses", p["head"]),
            "_links": {
                k: {"href": self.api("pulls", n)}
                for k in (
                    "comments",
                    "commits",
                    "statuses",
                    "html",
                    "issue",
                    "review_comments",
                    "review_comment",
                    "self",
                )
            },
        }

    # ---- the operations --------------------------------------------------------------------
    def handle(
        self,
        op: str,
        method: str,
        args: dict[str, str],
        query: dict[str, list[str]],
        body: Any,
        url_path: str,
    ) -> tuple[int, Any, dict[str, str]]:
        n = (
            int(args["pull_number"])
            if "pull_number" in args
            else (int(args["issue_number"]) if "issue_number" in args else None)
        )
        if op == "/repos/{owner}/{repo}":
            return 200, self.repo_json(), {}
        if op == "/repos/{owner}/{repo}/pulls/{pull_number}":
            return (200, self.pull_json(n), {}) if n in self.pulls else (404, _nf(), {})
        if op == "/repos/{owner}/{repo}/pulls/{pull_number}/files":
            files = self.pulls[n]["files"]
            per = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
            chunk = files[(page - 1) * per : page * per]
            rows = [
                {
                    "sha": "b" * 40,
                    "filename": f,
                    "status": "modified",
                    "additions": 1,
                    "deletions": 0,
                    "changes": 1,
                    "blob_url": f"https://github.com/{self.full}/blob/x/{f}",
                    "raw_url": f"https://github.com/{self.full}/raw/x/{f}",
                    "contents_url": self.api("contents", f),
                }
                for f in chunk
            ]
            headers = {}
            last = max(1, -(-len(files) // per))
            if page < last:
                base = f"{self.base_url}{url_path}"
                headers["Link"] = (
                    f'<{base}?per_page={per}&page={page + 1}>; rel="next", '
                    f'<{base}?per_page={per}&page={last}>; rel="last"'
                )
            return 200, rows, headers
        if op == "/repos/{owner}/{repo}/pulls/{pull_number}/reviews":
            rows = [
                {
                    "id": r["id"],
                    "user": self.user(r["user"]),
                    "state": r["state"],
                    "commit_id": r["commit_id"],
                    "body": "",
                    "html_url": f"https://github.com/{self.full}/pull/{n}",
                    "pull_request_url": self.api("pulls", n),
                    "_links": {
                        "html": {"href": "https://example.invalid/x"},
                        "pull_request": {"href": self.api("pulls", n)},
                    },
                }
                for r in self.pulls[n]["reviews"]
            ]
            return 200, rows, {}
        if op == "/repos/{owner}/{repo}/pulls" and method == "get":
            head = query.get("head", [""])[0]
            rows = [
                self.pull_json(k)
                for k, p in sorted(self.pulls.items())
                if p["state"] == "open" and (not head or head == f"{self.owner}:{p['branch']}")
            ]
            return 200, rows, {}
        if op == "/repos/{owner}/{repo}/pulls" and method == "post":
            branch = body["head"]
            if f"heads/{branch}" not in self.refs:
                return (
                    422,
                    {
                        "message": "Validation Failed",
                        "errors": [{"field": "head"}],
                        "documentation_url": "https://docs.github.com",
                    },
                    {},
                )
            k = self.add_pull(
                self.bot,
                self.refs[f"heads/{branch}"],
                self.refs["heads/main"],
                sorted(p for (b, p) in self.files if b == branch),
                body.get("body", ""),
                branch,
            )
            self.pulls[k]["title"] = self.issues[k]["title"] = body["title"]
            return 201, self.pull_json(k), {}
        if op == "/repos/{owner}/{repo}/issues/{issue_number}" and method == "get":
            return (200, self.issue_json(n), {}) if n in self.issues else (404, _nf(), {})
        if op == "/repos/{owner}/{repo}/issues/{issue_number}" and method == "patch":
            for key in ("title", "body", "state"):
                if key in body:
                    self.issues[n][key] = body[key]
            return 200, self.issue_json(n), {}
        if op == "/repos/{owner}/{repo}/issues/{issue_number}/labels":
            return 200, self.issue_json(n)["labels"], {}
        if op == "/repos/{owner}/{repo}/issues/{issue_number}/comments" and method == "get":
            return (
                200,
                [self.comment_json(c) for c, v in sorted(self.comments.items()) if v["issue"] == n],
                {},
            )
        if op == "/repos/{owner}/{repo}/issues/{issue_number}/comments":
            cid = self._id()
            self.comments[cid] = {"issue": n, "body": body["body"], "user": self.bot}
            return 201, self.comment_json(cid), {}
        if op == "/repos/{owner}/{repo}/issues/comments/{comment_id}":
            cid = int(args["comment_id"])
            self.comments[cid]["body"] = body["body"]
            return 200, self.comment_json(cid), {}
        if op == "/repos/{owner}/{repo}/issues" and method == "get":
            label = query.get("labels", [""])[0]
            rows = [
                self.issue_json(k)
                for k, i in sorted(self.issues.items())
                if i["state"] == "open" and not i["pull"] and (not label or label in i["labels"])
            ]
            return 200, rows, {}
        if op == "/repos/{owner}/{repo}/issues":
            k = self.add_issue(
                body["title"], body.get("body", ""), self.bot, body.get("labels", [])
            )
            return 201, self.issue_json(k), {}
        if op == "/repos/{owner}/{repo}/git/ref/{ref}":
            ref = args["ref"]
            if ref not in self.refs:
                return 404, _nf(), {}
            return 200, self.ref_json(ref), {}
        if op == "/repos/{owner}/{repo}/git/refs" and method == "post":
            ref = body["ref"].removeprefix("refs/")
            if ref in self.refs:
                return (
                    422,
                    {
                        "message": "Reference already exists",
                        "documentation_url": "https://docs.github.com",
                    },
                    {},
                )
            self.refs[ref] = body["sha"]
            return 201, self.ref_json(ref), {}
        if op == "/repos/{owner}/{repo}/git/refs/{ref}":
            self.refs.pop(args["ref"], None)
            return 204, None, {}
        if op == "/repos/{owner}/{repo}/contents/{path}":
            branch = body.get("branch", self.default_branch)
            path = args["path"]
            self.files[(branch, path)] = base64.b64decode(body["content"])
            sha = f"{self._id():040x}"
            self.refs[f"heads/{branch}"] = sha
            return (
                201,
                {
                    "content": {
                        "name": path.rsplit("/", 1)[-1],
                        "path": path,
                        "sha": "c" * 40,
                        "type": "file",
                    },
                    "commit": {
                        "sha": sha,
                        "message": body["message"],
                        "url": self.api("git", "commits", sha),
                        "html_url": f"https://github.com/{self.full}/commit/{sha}",
                        "tree": {"sha": "d" * 40, "url": self.api("git", "trees", "d" * 40)},
                        "parents": [],
                    },
                },
                {},
            )
        if op == "/repos/{owner}/{repo}/branches/{branch}/protection":
            ok = self.protection is not None and args["branch"] == self.default_branch
            return (200, self.protection, {}) if ok else (404, _nf(), {})
        if op == "/repos/{owner}/{repo}/rules/branches/{branch}":
            rows = [
                {
                    "ruleset_source_type": "Repository",
                    "ruleset_source": self.full,
                    "ruleset_id": k + 1,
                    **r,
                }
                for k, r in enumerate(self.rules)
            ]
            return 200, rows if args["branch"] == self.default_branch else [], {}
        if op == "/repos/{owner}/{repo}/environments/{environment_name}":
            env = self.environments.get(args["environment_name"])
            if env is None:
                return 404, _nf(), {}
            return (
                200,
                {
                    "id": 1,
                    "node_id": "E",
                    "name": args["environment_name"],
                    "url": self.api("environments", args["environment_name"]),
                    "html_url": "https://example.invalid/x",
                    "created_at": "2026-11-23T00:00:00Z",
                    "updated_at": "2026-11-23T00:00:00Z",
                    **env,
                },
                {},
            )
        if op == "/repos/{owner}/{repo}/actions/permissions/workflow":
            return 200, self.workflow_permissions, {}
        if op == "/repos/{owner}/{repo}/releases/tags/{tag}":
            found = [r for r in self.releases.values() if r["tag_name"] == args["tag"]]
            return (200, self.release_json(found[0]["id"]), {}) if found else (404, _nf(), {})
        if op == "/repos/{owner}/{repo}/releases":
            rid = self._id()
            self.releases[rid] = {
                "id": rid,
                "tag_name": body["tag_name"],
                "name": body.get("name"),
                "body": body.get("body"),
                "target_commitish": body.get("target_commitish", "main"),
            }
            return 201, self.release_json(rid), {}
        if op == "/repos/{owner}/{repo}/releases/{release_id}":
            rid = int(args["release_id"])
            for key in ("name", "body"):
                if key in body:
                    self.releases[rid][key] = body[key]
            return 200, self.release_json(rid), {}
        return 404, _nf(), {}

    def ref_json(self, ref: str) -> dict:
        sha = self.refs[ref]
        return {
            "ref": f"refs/{ref}",
            "node_id": "R",
            "url": self.api("git", "refs", ref),
            "object": {"type": "commit", "sha": sha, "url": self.api("git", "commits", sha)},
        }

    def release_json(self, rid: int) -> dict:
        r = self.releases[rid]
        return {
            "id": rid,
            "tag_name": r["tag_name"],
            "name": r["name"],
            "body": r["body"],
            "target_commitish": r["target_commitish"],
            "url": self.api("releases", rid),
            "html_url": f"https://github.com/{self.full}/releases/tag/{r['tag_name']}",
            "assets_url": self.api("releases", rid, "assets"),
            "upload_url": f"https://uploads.example.invalid/{rid}/assets{{?name,label}}",
            "author": self.user(self.bot),
            "draft": False,
            "prerelease": False,
        }

    bot = "github-actions[bot]"
    base_url = ""


def _why(err: Exception) -> str:
    """The innermost reason of an openapi-core error (the outer ones repeat the whole body)."""
    inner = err
    while inner.__cause__ is not None:
        inner = inner.__cause__
    reasons = getattr(inner, "schema_errors", None)
    text = "; ".join(e.message for e in reasons) if reasons else str(inner)
    return f"{type(err).__name__}: {text[:500]}"


def _nf() -> dict:
    return {"message": "Not Found", "documentation_url": "https://docs.github.com"}


def _routes(root: dict) -> list[tuple[re.Pattern[str], str]]:
    out = []
    for template in root["paths"]:
        # {ref} and {path} may hold slashes (heads/main, data/x/y.yaml); the rest may not.
        rx = re.sub(r"\{(ref|path)\}", r"(?P<\1>.+)", template)
        rx = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", rx)
        out.append((re.compile(rx + r"\Z"), template))
    # Literal segments first: /issues/comments/{id} before /issues/{issue_number}/...
    out.sort(key=lambda x: (-x[1].count("/"), x[1].count("{")))
    return out


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # quiet
        pass

    def _serve(self) -> None:
        fake, root, openapi = self.server.fake, *spec()
        url = urlsplit(self.path)
        method = self.command.lower()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        query = parse_qs(url.query)
        match = None
        for rx, template in self.server.routes:
            m = rx.match(url.path)
            if m and method in root["paths"][template]:
                match = (template, m.groupdict())
                break
        if match is None:
            fake.violations.append(f"{method.upper()} {url.path}: not in the OpenAPI subset")
            return self._send(404, _nf(), {})
        template, args = match
        headers = {k: v for k, v in self.headers.items()}
        request = MockRequest(
            HOST,
            method,
            url.path,
            path_pattern=template,
            view_args=args,
            args={k: v[-1] for k, v in query.items()},
            headers=headers,
            data=raw or None,
            content_type=self.headers.get("Content-Type", "application/json"),
        )
        bad = [_why(err) for err in openapi.iter_request_errors(request)]
        if bad:
            fake.violations.extend(f"request {method.upper()} {url.path}: {b}" for b in bad)
            return self._send(
                422,
                {"message": "Validation Failed", "documentation_url": "https://docs.github.com"},
                {},
            )
        with fake.lock:
            for fault in fake.faults:
                if fault.times > 0 and fault.method == method and fault.pattern.search(url.path):
                    fault.times -= 1
                    fake.log.append((method, url.path, fault.status))
                    body = {
                        "message": f"injected {fault.status}",
                        "documentation_url": "https://docs.github.com",
                    }
                    return self._send(fault.status, body, fault.headers)
            body = json.loads(raw) if raw else {}
            status, data, extra = fake.handle(template, method, args, query, body, url.path)
            fake.log.append((method, url.path, status))
        op = root["paths"][template][method]
        responses = op.get("responses", {})
        if str(status) in responses and data is not None:
            content = _resolve(responses[str(status)], root).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is not None:
                base = sample(schema, root)
                data = (
                    [_merge(sample(_resolve(schema, root).get("items", {}), root), x) for x in data]
                    if isinstance(data, list)
                    else _merge(base, data)
                )
        payload = json.dumps(data).encode() if data is not None else b""
        response = MockResponse(payload, status_code=status, headers=extra)
        if str(status) in responses:
            for err in openapi.iter_response_errors(request, response):
                fake.violations.append(
                    f"response {method.upper()} {url.path} {status}: {_why(err)}"
                )
        elif (template, status) not in UNDOCUMENTED:
            fake.violations.append(
                f"{method.upper()} {url.path}: status {status} not in the contract"
            )
        self._send(status, data, extra)

    def _send(self, status: int, data: Any, headers: dict[str, str]) -> None:
        payload = json.dumps(data).encode() if data is not None else b""
        self.send_response(status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeGitHub):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
        self.routes = _routes(spec()[0])


class Running:
    """``with Running(fake) as url:`` serves ``fake`` on 127.0.0.1 in a thread."""

    def __init__(self, fake: FakeGitHub):
        self.fake = fake
        self.server = _Server(fake)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        fake.base_url = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
