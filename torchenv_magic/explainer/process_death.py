"""A process killed by a signal while torch loaded: an illegal instruction or an abort.

Neither leaves a Python exception, so the words are the shell's, the OS's or
faulthandler's (the kernel-death breadcrumb, breadcrumbs.py, keeps faulthandler's). An
illegal instruction points at code built for a CPU with more vector extensions than this
one (wheel_platform_mismatch: the build does not fit this CPU); the rule weighs the CPU's
features (probes/cpu.py). An abort says little by itself; with two copies of the OpenMP
runtime on disk (probes/openmp.py) it is OMP: Error #15, whose own message went to stderr
and died with the process, so the rule decides from the facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

# faulthandler, bash/dash ("Illegal instruction (core dumped)"; "Illegal instruction.": pytorch/pytorch#97226),
# zsh ("illegal hardware instruction"), macOS ("Illegal instruction: 4"), gdb ("received signal SIGILL"), an IDE's
# "exit code 132 (interrupted by signal 4: SIGILL)", Windows' STATUS_ILLEGAL_INSTRUCTION
# (0xC000001D, exit code -1073741795 / 3221225501), and a launcher that names the signal by its number only: uv's
# "Command exited with signal: Some(4)" (Rust's ExitStatus::signal()), "killed by signal 4" (SIGILL is 4 on Linux and
# macOS: signal(7), signal(3)); a container's "exits with code 132" is 128 + 4 (Hindsight#4142: torch's aarch64 wheel),
# as is its "exit code 132" (determined-ai/determined#3610: TensorFlow's AVX build on a Xeon X5675, which has no AVX).
# The shell's words follow the locale: glibc's own translations of SIGILL's name (its libc.mo on this Debian machine:
# de, fr, es, it, zh_CN, ru), and bash's "(core dumped)" in any words (tensorflow/tensorflow#18322's "( core dumped
# creato )").
_SIGILL_NAME = (
    r"(?:Illegal instruction|Ungültiger Maschinenbefehl|Instruction non permise|Instrucción ilegal|Istruzione non consentita"
    r"|非法指令|Недопустимая инструкция)"
)
_ILLEGAL = re.compile(
    rf"Fatal Python error: Illegal instruction|{_SIGILL_NAME}(?:\s{{0,2}}\([^()\n]{{1,40}}\)|: 4)?\.?\s*$|"
    r"illegal hardware instruction|signal SIGILL|\bSIGILL\b|0xC000001D|-1073741795|3221225501|"
    r"\b(?:exited|killed|terminated) (?:with|by) signal:? (?:Some\()?4\b|\bexit(?:s|ed)? with code 132\b|\bexit (?:code|status):? 132\b|"
    # bash reporting a command of a script that died: "entrypoint.sh: line 33:    19 Illegal instruction     python
    # manage.py migrate" (the process id, the signal's name, the command: BLSQ/openhexa-app#891).
    rf":\s{{1,12}}\d{{1,7}} {_SIGILL_NAME}(?:\s{{1,2}}\([^()\n]{{1,40}}\))?\s{{2,}}\S",
    re.IGNORECASE | re.MULTILINE,
)
# gdb/lldb frames naming the vector extension of the function that faulted:
# "_GLOBAL__sub_I_BinaryOpsKernel.cpp.AVX2.cpp", "THFloatVector_normal_fill_AVX2".
_KERNEL_ISA = re.compile(r"[._](AVX512|AVX2|AVX)\b", re.IGNORECASE)
# A program's own line of the vector extensions it found, as ggml prints it at start-up (llama.cpp's system info:
# "AVX = 1 | AVX2 = 0 | AVX512 = 0 | ..."): the first one off, of AVX and AVX2, is the one a crash after it lacked
# (zylon-ai/private-gpt#203: "AVX2 = 0", then "Illegal instruction"; the same setup ran on a CPU with AVX2).
_FEATURE_OFF = re.compile(r"(?<![\w-])(AVX2?) = 0 \|")
# A library's own check of the CPU before it crashed, as Polars prints it: "The following required CPU features were not
# detected:\n    avx, avx2, fma, ..." (BLSQ/openhexa-app#891: an x86-64 image emulated on an Apple chip, no AVX).
_FEATURES_MISSING = re.compile(r"required CPU features were not detected:\s{1,8}(avx2?)\b", re.IGNORECASE)
# The build that library names for such a CPU: Polars' "Install the `polars-lts-cpu` package instead of `polars`".
_INSTEAD = re.compile(r"Install the `([\w.-]{1,60})` package instead of `([\w.-]{1,60})`")
_ABORT = re.compile(r"Fatal Python error: Aborted")


@extractor
def illegal_instruction(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ILLEGAL)
    if not match:
        return
    isa = _KERNEL_ISA.search(err.text) or err.search(_FEATURE_OFF) or err.search(_FEATURES_MISSING)
    named = isa.group(1).upper() if isa else None
    evidence = [err.evidence(match)] + ([err.evidence(isa)] if isa else [])
    instead = err.search(_INSTEAD)
    replacement = {"replacement": instead.group(1), "package": instead.group(2)} if instead else {}
    yield signal("wheel_platform_mismatch", 0.75 if named else 0.6, evidence, kind="illegal_instruction", isa=named, **replacement)


@extractor
def aborted(err: ErrorText) -> Iterator[Signal]:
    """An abort (e.g. the death of a kernel): only facts can say it was two OpenMP runtimes."""
    match = err.search(_ABORT)
    if match:
        cause = "windows_dll_dependency" if err.platform == "windows" else "lib_version_conflict"
        yield signal(cause, 0.3, [err.evidence(match)], kind="abort")
