# The two commands of the README, and the pieces they are made of.
# Every target creates the virtual environment it needs, so a fresh clone needs only Python 3.11.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo documents screenshots test check lint typecheck imports pytest bench messages templates pictures clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "ntm needs Python 3.11, this is " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

## demo: install, set up the database, load the Phúc Chu 2024 demo and serve it at http://127.0.0.1:8000
demo: documents
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py ntm_demo --demo
	$(BIN)/python manage.py ntm_demo_recognition --demo
	$(BIN)/ntm demo-data registers --commune 05560 --households 900 --seed 2024
	$(BIN)/ntm demo-data registers --commune 05560 --households 900 --seed 2024 \
		-o out/so-ho-gia-lap-phuc-chu.xlsx
	@echo
	@echo "ntm chạy tại / serving at http://127.0.0.1:8000  (Ctrl+C để dừng / to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000 --insecure --noreload

## documents: the command-line part of the demo: review, plan and report of Phúc Chu 2024
documents: $(VENV)/.installed
	$(BIN)/ntm catalog list
	@echo
	$(BIN)/ntm review examples/phuc-chu-2024/review.yaml
	$(BIN)/ntm review examples/phuc-chu-2024/review.yaml --format xlsx -o out/phuc-chu-2024-ra-soat.xlsx
	$(BIN)/ntm plan examples/phuc-chu-2024/plan.yaml -o out/ke-hoach-phuc-chu-2024.docx
	$(BIN)/ntm report examples/phuc-chu-2024/review.yaml --plan examples/phuc-chu-2024/plan.yaml \
		-o out/bao-cao-ra-soat-phuc-chu-2024.docx

## test: everything CI checks (lint, types, import contract, tests with coverage)
test: check

check: lint typecheck imports pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

imports: $(VENV)/.installed
	$(BIN)/lint-imports

# The suite runs on SQLite, then on PostgreSQL (the database of production; CI has one at
# 127.0.0.1:5432, user postgres, trust authentication).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/ntm

pytest: $(VENV)/.installed
	$(BIN)/python -m pytest --cov --cov-report=term-missing:skip-covered --cov-fail-under=90
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -q -p no:cacheprovider

## messages: extract the messages and compile the Vietnamese catalogs: domain "ntm" for the
## core, the CLI and the documents (Babel), domain "django" for the web apps (Django, gettext)
NTM_SOURCES := ntm/core ntm/cli ntm/documents
DJANGO_IGNORE := --ignore='ntm/core/*' --ignore='ntm/cli/*' --ignore='ntm/documents/*' \
	--ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='var/*' --ignore='out/*'

messages: $(VENV)/.installed
	$(BIN)/pybabel extract -k _ -k ngettext:1,2 --no-location --sort-output \
		--project ntm --copyright-holder "ntm developers" -o ntm/locale/ntm.pot $(NTM_SOURCES)
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i ntm/locale/ntm.pot -d ntm/locale -D ntm -l vi
	$(BIN)/pybabel compile -d ntm/locale -D ntm -l vi
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete $(DJANGO_IGNORE)
	$(BIN)/python manage.py compilemessages -l vi --ignore='.venv/*'

bench: $(VENV)/.installed
	$(BIN)/python bench/review.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/registers.py
	$(BIN)/python bench/dossier.py
	$(BIN)/python bench/register_import.py

## templates: rebuild the default Word templates of the documents (ntm/documents/templates)
templates: $(VENV)/.installed
	$(BIN)/python -m ntm.documents.layout

## screenshots: the dashboard, review entry, province page, register, dossier and desk at 1366×768, from the browser tests
screenshots: $(VENV)/.installed
	NTM_SCREENSHOTS=out/screenshots $(BIN)/python -m pytest tests/web/browser -q -p no:cacheprovider
	for name in bang-dieu-khien nhap-ra-soat trang-tinh so-ho ho-so-cong-nhan ho-so-tinh; do cp out/screenshots/$$name.png docs/man-hinh-$$name.png; done

## pictures: page 1 of the Phúc Chu plan as PNG, for the README (needs LibreOffice, pdftoppm)
pictures: $(VENV)/.installed
	$(BIN)/ntm plan examples/phuc-chu-2024/plan.yaml -o out/ke-hoach-phuc-chu-2024.docx --pdf
	pdftoppm -r 100 -png -f 1 -l 1 -singlefile out/ke-hoach-phuc-chu-2024.pdf docs/ke-hoach-phuc-chu-2024-trang-1

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .coverage
