"""Extract the operations baodao calls from GitHub's OpenAPI description (for offline tests).

    npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz
    python scripts/tools/github_openapi_subset.py package/generated/api.github.com.json \
        tests/github/api.github.com.subset.json

Only the operations in ``OPERATIONS`` and the components they reference (transitively) are
kept, so the committed file is small; the test server validates every request and response
against it with openapi-core. Add an operation here when the code calls a new endpoint.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OPERATIONS: dict[str, tuple[str, ...]] = {
    "/repos/{owner}/{repo}": ("get",),
    "/repos/{owner}/{repo}/pulls": ("get", "post"),
    "/repos/{owner}/{repo}/pulls/{pull_number}": ("get",),
    "/repos/{owner}/{repo}/pulls/{pull_number}/files": ("get",),
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews": ("get",),
    "/repos/{owner}/{repo}/issues": ("get", "post"),
    "/repos/{owner}/{repo}/issues/{issue_number}": ("get", "patch"),
    "/repos/{owner}/{repo}/issues/{issue_number}/comments": ("get", "post"),
    "/repos/{owner}/{repo}/issues/{issue_number}/labels": ("get",),
    "/repos/{owner}/{repo}/issues/comments/{comment_id}": ("patch",),
    "/repos/{owner}/{repo}/git/ref/{ref}": ("get",),
    "/repos/{owner}/{repo}/git/refs": ("post",),
    "/repos/{owner}/{repo}/git/refs/{ref}": ("delete",),
    "/repos/{owner}/{repo}/contents/{path}": ("put",),
    "/repos/{owner}/{repo}/releases": ("post",),
    "/repos/{owner}/{repo}/releases/tags/{tag}": ("get",),
    "/repos/{owner}/{repo}/releases/{release_id}": ("patch",),
    # baodao github settings --check: what the review model relies on.
    "/repos/{owner}/{repo}/branches/{branch}/protection": ("get",),
    "/repos/{owner}/{repo}/rules/branches/{branch}": ("get",),
    "/repos/{owner}/{repo}/environments/{environment_name}": ("get",),
    "/repos/{owner}/{repo}/actions/permissions/workflow": ("get",),
}
_DROP = ("examples", "example", "x-github", "externalDocs")


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(ref)
        for v in node.values():
            _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)


def _strip(node):
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _DROP}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def subset(spec: dict) -> dict:
    paths = {}
    for path, methods in OPERATIONS.items():
        item = spec["paths"][path]
        paths[path] = {m: _strip(item[m]) for m in methods}
        if "parameters" in item:
            paths[path]["parameters"] = item["parameters"]
    components: dict[str, dict] = {}
    todo: set[str] = set()
    _refs(paths, todo)
    done: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in done:
            continue
        done.add(ref)
        _, _, kind, name = ref.split("/", 3)
        node = _strip(spec["components"][kind][name])
        components.setdefault(kind, {})[name] = node
        _refs(node, todo)
    return {
        "openapi": spec["openapi"],
        "info": {
            **spec["info"],
            "x-baodao-subset": "operations listed in scripts/tools/github_openapi_subset.py",
        },
        "servers": spec.get("servers", []),
        "paths": paths,
        "components": {k: dict(sorted(v.items())) for k, v in sorted(components.items())},
    }


def main(argv: list[str]) -> None:
    source, target = Path(argv[1]), Path(argv[2])
    out = subset(json.loads(source.read_text("utf-8")))
    # Components in name order, so that regenerating gives the same file.
    out["components"] = {k: dict(sorted(v.items())) for k, v in sorted(out["components"].items())}
    target.write_text(
        json.dumps(out, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    print(
        f"{target}: {len(out['paths'])} paths, {sum(len(v) for v in out['components'].values())} components"
    )


if __name__ == "__main__":
    main(sys.argv)
