# baodao: two commands on a fresh machine — `make site` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test lint bench lock lock-build build-env runtime-env clean browser tools lighthouse private

# pip --quiet is silent for a minute or more: each long step says what it does first.
$(STAMP): pyproject.toml requirements.lock
	@echo "== 1/3 创建虚拟环境 $(VENV) / creating the virtual environment"
	$(PY) -m venv $(VENV)
	@echo "== 2/3 安装固定版本的依赖（约 1–2 分钟）/ installing pinned dependencies (1-2 min)"
	$(BIN)/pip install --quiet --progress-bar off -r requirements.lock
	@echo "== 3/3 安装 baodao / installing baodao"
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q scripts/baodao  # see bench: below
	touch $(STAMP)

# main.yml's build job holds the private root: it installs only what it runs — the runtime
# packages, each checked against its hash (requirements-build.lock), and Pagefind alone (the
# measurement tools are devDependencies; npm ci checks package-lock's integrity hashes).
build-env:
	$(PY) -m venv $(VENV)
	@echo "== 安装构建所需的依赖（按哈希核对）/ installing the build's packages (hash-checked)"
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-build.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --no-index -e .
	cd tools && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# The other workflow jobs (they hold write tokens): the runtime packages by hash, no dev tools.
runtime-env:
	$(PY) -m venv $(VENV)
	@echo "== 安装运行所需的依赖（按哈希核对）/ installing the runtime packages (hash-checked)"
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-runtime.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --no-index -e .

# build validates first (all problems, refusing on errors), so validate is not run twice;
# tools brings Pagefind, which writes the full-text index.
site: $(STAMP) tools private
	$(BIN)/baodao build --out public
	@echo "网站已生成到 public/；本机预览（保存记录后自动刷新）：make serve，然后打开 http://127.0.0.1:8000/"

serve: $(STAMP) tools private
	$(BIN)/baodao serve

WORKFLOWS := .github/workflows/*.yml scripts/baodao/templates/private-repo/validate.yml

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/actionlint $(WORKFLOWS)
	$(BIN)/zizmor --offline --persona=auditor $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-forms .github/ISSUE_TEMPLATE/[!c]*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-config .github/ISSUE_TEMPLATE/config.yml
	$(BIN)/baodao editors codeowners --check
	$(BIN)/baodao editors docs --check

# The browser tests drive the system Chromium (Debian's package, never a downloaded build).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	  else echo "需要 Chromium：sudo apt-get install chromium fonts-noto-cjk / Chromium missing" >&2; exit 1; fi; \
	fi

test: lint browser tools private
	$(BIN)/pytest -q

# Node tools, pinned by tools/package-lock.json and installed from the npm registry: Pagefind
# (the build's full-text index; its binary is an npm package) and, for measurements only,
# Lighthouse 12 and axe-core.
tools: tools/node_modules/.installed
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@echo "== 安装 Pagefind 等 Node 工具 / installing the Node tools (npm ci)"
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lookup index size and time per keystroke (budget 16 ms), mobile Lighthouse scores of home,
# lookup and a compound page of the demo site, and the v.Nu HTML check (needs java):
# measurements, not tests.
lighthouse: site tools browser
	$(BIN)/python -m baodao.browserbench lookup --site public
	$(BIN)/python -m baodao.browserbench lighthouse --site public --page "" --page x/ --page x/lv-jing-hua-yuan/
	$(BIN)/python -m baodao.browserbench html --site public --page "" --page x/ --page x/lv-jing-hua-yuan/ --page search/ --page 404.html

# The private root never enters the public repository (docs/privacy.md). The
# demo's is generated here, deterministically, by `baodao demo` (which also writes the demo's
# data/): only when no private root exists or is named (BAODAO_PRIVATE), and only when data/ is
# the demo's own, so a real district's checkout never gets fictional members.
private: $(STAMP)
	@if [ -n "$$BAODAO_PRIVATE" ] || [ -d private ]; then exit 0; fi; \
	rm -rf build/demo-seed && $(BIN)/baodao demo --out build/demo-seed >/dev/null && \
	if diff -rq build/demo-seed/data data >/dev/null; then \
	  mv build/demo-seed/private private && echo "已生成演示私有库 private/ / demo private root generated"; \
	else echo "data/ 不是演示数据，未生成演示私有库；用 BAODAO_PRIVATE 或 --private 指定私有库" >&2; fi; \
	rm -rf build/demo-seed

# Compiled first: a shell with PYTHONDONTWRITEBYTECODE set (as on this project's CI machines)
# never writes __pycache__, and then every process the build starts (itself, MkDocs, the QR
# helpers) compiles the package from source: 0.14 s a start of the 0.40 s its imports take.
bench: $(STAMP)
	$(BIN)/python -m compileall -q scripts/baodao
	$(BIN)/python -m baodao.bench

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^baodao' > requirements.lock.new
	mv requirements.lock.new requirements.lock

lock-build: $(STAMP)
	$(BIN)/python scripts/tools/build_lock.py build > requirements-build.lock.new
	mv requirements-build.lock.new requirements-build.lock
	$(BIN)/python scripts/tools/build_lock.py runtime > requirements-runtime.lock.new
	mv requirements-runtime.lock.new requirements-runtime.lock

clean:
	rm -rf $(VENV) public build
