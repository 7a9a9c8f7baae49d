# Qala: `make run` sets everything up and serves the demo city; `make test` checks it all.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export DJANGO_DEBUG ?= true

.PHONY: run test install migrate demo serve lint messages clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

# A development secret kept in .env (never committed), so sessions survive a restart. The local
# demo also lets its staff accounts in without two-factor; real installations leave that on.
.env:
	$(PY) -c "from django.core.management.utils import get_random_secret_key as k; print('DJANGO_SECRET_KEY=' + k())" > .env
	echo "# Local demo only: staff are not forced to set up two-factor." >> .env
	echo "QALA_STAFF_REQUIRE_MFA=false" >> .env

migrate: install .env
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo

# The web server, the background worker, the scheduler that feeds it periodic work and, when a
# Telegram token is set, the bot (long polling) run together; Ctrl-C stops them all.
run: demo
	@echo "Qala: http://127.0.0.1:$(PORT)/"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --no-reload & \
	$(PY) manage.py scheduler --every 60 & \
	if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then $(PY) manage.py runbot & fi; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest -q

# Refresh the catalogs after changing strings, then translate and `make messages` again to compile.
messages: install
	$(PY) manage.py makemessages -l kk -l ru -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
