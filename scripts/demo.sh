#!/usr/bin/env bash
# Install torchenv_magic with a real (CPU) torch into .venv and print its live report.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e . "torch==2.13.0"
.venv/bin/torchenv --import-torch
