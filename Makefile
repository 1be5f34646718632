# baodao: two commands on a fresh machine — `make site` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test lint bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# build validates first (all problems, refusing on errors), so validate is not run twice.
site: $(STAMP)
	$(BIN)/baodao build --out public
	@echo "网站已生成到 public/；预览：make serve（然后打开 http://127.0.0.1:8000/）"

serve: $(STAMP)
	$(BIN)/baodao serve --dir public

WORKFLOWS := .github/workflows/*.yml scripts/baodao/templates/private-repo/validate.yml

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/actionlint $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-forms .github/ISSUE_TEMPLATE/[!c]*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-issue-config .github/ISSUE_TEMPLATE/config.yml
	$(BIN)/baodao editors codeowners --check
	$(BIN)/baodao editors docs --check

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m baodao.bench

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^baodao' > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) public build
