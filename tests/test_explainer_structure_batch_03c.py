"""Readings learned from batch-2026-12-03c's first run (docs/accuracy-runs/batch-2026-12-03c.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain
from torchenv_magic.explainer.text import ErrorText

from .ranking import causes


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_an_env_named_torch_does_not_make_an_extensions_file_torchs() -> None:
    # ascust/3DMM-Fitting-Pytorch#5: a virtualenv named "torch"; pytorch3d's _C asks for CUDA 10.1's runtime.
    site = "/home/t/.virtualenvs/{}/lib/python3.6/site-packages"
    text = (
        "Traceback (most recent call last):\n"
        + _frame("fit.py", "from pytorch3d.renderer import blending")
        + _frame(site + "/pytorch3d/renderer/blending.py", "from pytorch3d import _C", 9)
        + "ImportError: libcudart.so.10.1: cannot open shared object file: No such file or directory\n"
    )
    assert causes(text.format("torch"))[:1] == ["extension_abi_mismatch"]
    assert causes(text.format("torch"))[:2] == causes(text.format("work"))[:2]
    # torch's own loader in an env of any name is still torch's.
    own = text.replace("/pytorch3d/renderer/blending.py", "/torch/__init__.py")
    own = own.replace("from pytorch3d import _C", "from torch._C import *")
    assert causes(own.format("torch"))[:1] == ["missing_cuda_runtime_lib"]


def test_numpy_is_not_available_on_a_line_of_its_own() -> None:
    # comfyanonymous/ComfyUI#3794: ComfyUI prints the exception's message alone, under its own header.
    text = "Error occurred when executing PreviewImage:\n\nNumpy is not available\n"
    assert explain(text, platform="windows")[0].cause == "numpy_abi_mismatch"
    # The words inside a sentence are not torch's message.
    assert causes("It says Numpy is not available to me, why?")[:1] != ["numpy_abi_mismatch"]


def test_a_traceback_pasted_as_a_markdown_quote_is_read_like_any_other() -> None:
    # matplotlib/matplotlib#12983: inspect.py's `import dis` answered by the user's dis.py, quoted with "> ".
    lines = [
        'File "/home/a/.virtualenvs/t/lib/python3.5/site-packages/matplotlib/__init__.py", line 124, in <module>',
        "  import inspect",
        'File "/usr/lib/python3.5/inspect.py", line 35, in <module>',
        "  import dis",
        'File "/home/a/data/dis.py", line 1, in <module>',
        "  from matplotlib import pyplot as plt",
        "ImportError: cannot import name 'rcParams'",
    ]
    quoted = "\n".join(f">     {line}" for line in lines)  # the quote's marker, then the paste's own indent
    assert explain(quoted, platform="linux")[0].cause == "shadowed_module"
    assert explain("\n".join(f"    {line}" for line in lines), platform="linux")[0].cause == "shadowed_module"
    assert causes("\n".join(lines))[:1] == ["shadowed_module"]
    # Python's own prompt is no quote: its ">>> " lines stay as they are.
    prompt = ">>> import torch\n>>> torch.cuda.is_available()\nFalse"
    assert ErrorText.build(prompt).text == prompt


def test_a_compiled_module_without_this_pythons_entry_point() -> None:
    # godisboy/DRPAN#5 (a Python 2 ffi build under Python 3), facebookresearch/ELF#15 (another Python's config).
    finding = explain("ImportError: dynamic module does not define module export function (PyInit_minirts)")[0]
    assert finding.cause == "extension_abi_mismatch"
    assert "minirts" in finding.title and "another Python" in finding.title
    assert finding.fix is not None and "interpreter that imports it" in finding.fix.code
    # Python 2's words for a Python 3 module.
    assert causes("ImportError: dynamic module does not define init function (init_C)")[:1] == ["extension_abi_mismatch"]


def test_a_system_library_given_the_environments_older_libstdcxx() -> None:
    # nazdridoy/kokoro-tts#45: conda's libstdc++ loaded for the system's libjack.
    text = (
        "OSError: cannot load library 'libportaudio.so.2': /home/u/miniconda3/envs/k/bin/../lib/libstdc++.so.6: "
        "version `GLIBCXX_3.4.32' not found (required by /lib/x86_64-linux-gnu/libjack.so.0)"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "libjack.so.0" in finding.title
    assert finding.fix is not None and "libstdcxx-ng>=13" in finding.fix.code
    assert causes(text)[1:2] == ["glibc_libstdcxx_too_old"]
    # A package's own module, or the system's own libstdc++, is the runtime too old.
    wheel = text.replace("/lib/x86_64-linux-gnu/libjack.so.0", "/home/u/miniconda3/envs/k/lib/python3.12/site-packages/x/_x.so")
    assert causes(wheel)[:1] == ["glibc_libstdcxx_too_old"]
    system = text.replace("/home/u/miniconda3/envs/k/bin/../lib/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
    assert causes(system)[:1] == ["glibc_libstdcxx_too_old"]


def test_compiled_parts_named_by_a_bare_missing_module() -> None:
    # aqlaboratory/openfold#445, ZhangGongjie/Meta-DETR#27, zhipeixu/FakeShield#64: never built.
    for name in ("attn_core_inplace_cuda", "MultiScaleDeformableAttention", "mmcv._ext", "mypkg._C"):
        assert causes(f"ModuleNotFoundError: No module named '{name}'")[:1] == ["build_toolchain_missing"], name
    # A plain package, torch's own _C, a bare _C: not a project's compiled part.
    for name in ("attention_utils", "torch._C", "_C"):
        assert causes(f"ModuleNotFoundError: No module named '{name}'")[:1] != ["build_toolchain_missing"], name


def test_the_windows_linker_without_pythons_import_library() -> None:
    # turboderp/exllama#76: a venv's build looked for python310.lib where there was none.
    finding = explain("fatal error LNK1104: cannot open file 'python310.lib'", platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "python310.lib" in finding.title
    assert finding.fix is not None and "libs folder" in finding.fix.code
