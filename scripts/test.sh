#!/usr/bin/env bash
# Install everything the tests need into .venv-test, then lint, type-check and run all tests.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system_deps.sh
python3 -m venv .venv-test
.venv-test/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

.venv-test/bin/ruff check torchenv_magic tests scripts
.venv-test/bin/mypy
.venv-test/bin/python -m pytest "$@"
