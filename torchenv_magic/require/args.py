"""The ``require`` sub-command's arguments, shared by ``%torchenv require`` and ``torchenv require``.

Kept apart from the rest of :mod:`torchenv_magic.require` (which imports ``packaging``) so
that ``torchenv`` can declare the sub-command for a plain report without importing either.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="*", metavar="REQUIREMENT", help='a PEP 508 requirement, e.g. "torch>=2.2" torchvision')
    parser.add_argument("-f", "--file", action="append", default=[], metavar="FILE", help="requirements.txt or workshop.toml (repeatable)")
    parser.add_argument("--gpu", action="store_true", help="require an NVIDIA GPU (NVML) and a CUDA build of torch")
    parser.add_argument("--python", metavar="SPEC", help='required Python version range, e.g. ">=3.10"')
    parser.add_argument(
        "--import", dest="import_check", action="store_true", help="also import torch (guarded; torchvision/torchaudio if required)"
    )
    parser.add_argument("--json", action="store_true", help="the result as JSON (a dict in a notebook)")
