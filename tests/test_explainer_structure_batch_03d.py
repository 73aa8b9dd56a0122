"""Readings learned from batch-2026-12-03d's first run (docs/accuracy-runs/batch-2026-12-03d.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_torchs_cl_warning_wrapped_by_a_console() -> None:
    # SpectacularAI/sdk-examples#121: gsplat's JIT build on Windows, cl.exe not on PATH.
    warning = "cpp_extension.py:383: UserWarning: Error checking{}compiler version for cl: [WinError 2] can't find the file"
    for space in (" ", "\n"):
        assert explain(warning.format(space), platform="windows")[0].cause == "build_toolchain_missing"
    # Another compiler's version check is not cl's.
    assert causes(warning.format("\n").replace("for cl:", "for c++:"))[:1] != ["build_toolchain_missing"]


def test_k2s_own_words_for_another_cuda() -> None:
    # k2-fsa/k2#963: a CUDA 10.1 k2 wheel beside a CUDA 10.2 torch.
    finding = explain("ImportError: k2 was built using CUDA 10.1\nBut you are using CUDA 10.2 to run it.", platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("k2 ")
    assert any("CUDA 10.1" in line and "10.2" in line for line in finding.evidence)


def test_a_build_for_a_macos_older_than_aligned_allocation_needs() -> None:
    # facebookresearch/pytorch3d#68: MACOSX_DEPLOYMENT_TARGET=10.9, torch's pybind11 headers need 10.14.
    text = (
        "torch/include/pybind11/cast.h:579:34: error: aligned allocation function of type 'void *\n"
        "(std::size_t, std::align_val_t)' is only available on macOS 10.14 or newer"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "build_toolchain_missing" and "10.14" in finding.title
    assert finding.fix is not None and "MACOSX_DEPLOYMENT_TARGET=10.14" in finding.fix.code
    # Another function's availability is not this.
    assert causes(text.replace("aligned allocation function", "function"))[:1] != ["build_toolchain_missing"]


def test_an_installed_packages_own_compiled_module_missing() -> None:
    # k2-fsa/k2#513 (_k2.cpython-38 in a Python 3.6 env), k2-fsa/k2#1275 (no aarch64 build).
    text = (
        "Traceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "/env/lib/python3.6/site-packages/k2/__init__.py", line 2, in <module>\n'
        "    from _k2 import RaggedInt\n"
        "ModuleNotFoundError: No module named '_k2'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and "_k2" in finding.title
    assert finding.fix is not None and "this Python version and platform" in finding.fix.code
    # Another package's underscored name, or the user's own file asking: not this reading.
    assert causes(text.replace("No module named '_k2'", "No module named '_lzma'"))[:1] != ["extension_abi_mismatch"]
    own = text.replace("/env/lib/python3.6/site-packages/k2/__init__.py", "/home/u/k2/__init__.py")
    assert causes(own)[:1] != ["extension_abi_mismatch"]


def test_k2s_fix_is_its_own_wheel_index_not_a_pypi_rebuild() -> None:
    # PyPI's k2 is k2-1.23.4-py3.9-none-any.whl (pip install --dry-run --report k2 resolves it): reinstalling that name
    # neither rebuilds nor matches. k2's wheels per torch and CUDA are on its own index (k2 installation/from_wheels).
    text = "ImportError: k2 was built using CUDA 10.1\nBut you are using CUDA 10.2 to run it."
    linux = explain(text, platform="linux", packages={"torch": "1.8.1+cu102"})[0].fix
    assert linux is not None and linux.kind == "manual"
    assert "torch 1.8.1's CUDA 10.2 build" in linux.code and linux.code.endswith("-f https://k2-fsa.github.io/k2/cuda.html")
    assert "--no-build-isolation" not in linux.code and "<" not in linux.code
    cpu = explain(text, platform="linux", packages={"torch": "2.6.0+cpu"})[0].fix
    assert cpu is not None and cpu.code.endswith("-f https://k2-fsa.github.io/k2/cpu.html")
    windows = explain(text, platform="windows", packages={"torch": "2.6.0+cu121"})[0].fix
    assert windows is not None and "CPU wheels only" in windows.code and "cpu.html" in windows.code
    unknown = explain(text, platform="linux")[0].fix
    assert unknown is not None and "cuda.html" in unknown.code and "cpu.html for a CPU torch" in unknown.code
