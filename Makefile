# Frontline build and test entry points. `make run` and `make test` set everything up first
# (system packages via apt where present, a virtual environment in .venv) and are idempotent.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_SYSTEM := $(VENV)/.stamp-system
STAMP_INSTALL := $(VENV)/.stamp-install
STAMP_DEV := $(VENV)/.stamp-dev
STAMP_PACKAGE := $(VENV)/.stamp-package

.PHONY: run test setup lint bench clean package package-test wheelhouse

run: setup
	$(VENV)/bin/frontline gui

# The layer contracts, types and style are part of the tests: a broken layer fails CI.
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 --dist loadfile --durations=15

setup: $(STAMP_INSTALL)

$(STAMP_SYSTEM): scripts/system-packages.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "需要 Python 3.11 或更新版本（当前：$$($(PYTHON) --version)）"; exit 1; }
	sh scripts/system-packages.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP_INSTALL): $(STAMP_SYSTEM) pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

$(STAMP_DEV): $(STAMP_INSTALL)
	$(PY) -m pip install -q -e '.[test,dev]'
	@touch $@

lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check desktop tests bench installer
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Installers (installer/README.md). Not part of `make test`: they take minutes and need root.
$(STAMP_PACKAGE): $(STAMP_INSTALL)
	$(PY) -m pip install -q -e '.[package]'
	@touch $@

# The one-folder program (build/dist/frontline/) and the .deb for this machine's architecture.
# BUILD_IN=bullseye: both built inside a Debian 11 root, for systems older than this one (root needed).
package: $(STAMP_PACKAGE)
ifeq ($(BUILD_IN),)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/pyinstaller \
		installer/frontline.spec
	$(PY) -m installer.deb --app build/dist/frontline --out build
else
	bash installer/build-in-root.sh $(BUILD_IN)
endif

# Builds both, runs self-test on the build, installs the .deb in a clean Debian 12 root (root needed;
# with BUILD_IN=bullseye, in a clean Debian 11 root).
package-test: package
	PY=$(PY) SUITE=$(or $(BUILD_IN),bookworm) bash installer/package-test.sh

# Every wheel for Linux x86_64, Linux aarch64 and Windows x64, for `pip install --no-index`.
wheelhouse: setup
	$(PY) -m installer.wheelhouse --out build/wheelhouse

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
