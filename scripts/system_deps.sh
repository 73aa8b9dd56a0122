#!/usr/bin/env bash
# System packages some test suites need, from Debian:
#   - chromium (+ a font): the browser tests, driven by Playwright for Python (Playwright's own
#     browser download cannot reach its CDN here);
#   - wine64 + wine (Wine 8.0): the Windows suite (tests/windows), which runs a real Windows
#     CPython with real win_amd64 torch wheels (scripts/windows_env.sh, docs/windows.md).
#   - git-lfs: the Git LFS pointer test (tests/test_lfs_pointer_real.py);
#   - musl: musl's own loader, refusing a glibc build (tests/test_musl_loader_real.py);
#   - libegl-dev: a library linked with libEGL, beside one linked without it (tests/e2e/test_batch_05h_real.py).
# Idempotent: when every command is already there this returns at once, without touching apt.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
# Debian's wine64 package provides /usr/lib/wine/wine64; `wine` is the launcher package.
{ command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ]; } || missing+=(wine64 wine)
# git-lfs: tests/test_lfs_pointer_real.py fetches a real LFS file in place of its pointer.
command -v git-lfs >/dev/null 2>&1 || missing+=(git-lfs)
# musl: its loader runs a glibc build in tests/test_musl_loader_real.py, as Alpine would.
[ -x /lib/ld-musl-x86_64.so.1 ] || missing+=(musl)
# libegl-dev: libEGL.so, which gcc's -lEGL links, in tests/e2e/test_batch_05h_real.py.
[ -e /usr/lib/x86_64-linux-gnu/libEGL.so ] || missing+=(libegl-dev)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  # Not fatal: without them the browser / Windows tests skip locally (in CI, where this runs
  # as root, they fail instead of skipping).
  echo "system_deps.sh: missing ${missing[*]} and not root;" \
    "run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
