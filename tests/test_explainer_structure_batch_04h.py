"""What batch-2026-12-04h's first run taught (docs/accuracy-runs/batch-2026-12-04h.firstrun.txt), each reading checked
at its edges; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain, similar


def _causes(text: str, **kwargs: object) -> list[str]:
    """The causes the rules found, without the similar-reports guesses that fill the list up."""
    return [f.cause for f in explain(text, **kwargs) if not similar.is_guess(f)]  # type: ignore[arg-type]


def test_fixed_width_integers_undeclared_read_as_sources_older_than_gcc_13() -> None:
    nvcc = 'cuda_rasterizer/rasterizer_impl.h(40): error: identifier "uint32_t" is undefined'
    finding = explain(nvcc, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "<cstdint>" in finding.title
    assert finding.fix is not None and "at the top of cuda_rasterizer/rasterizer_impl.h" in finding.fix.code
    assert _causes('error: namespace "std" has no member "uintptr_t"')[0] == "build_toolchain_missing"
    assert _causes("x.cpp:2:17: error: ‘uintptr_t’ is not a member of ‘std’")[0] == "build_toolchain_missing"
    # Another identifier undefined is the sources' own business, not <cstdint>'s.
    assert "build_toolchain_missing" not in _causes('kernel.cu(12): error: identifier "my_helper" is undefined')


def test_ldd_listing_a_cuda_library_not_found_names_its_release() -> None:
    cublas = explain("$ ntldd ggml-cuda.dll\n        cublas64_13.dll => not found", platform="windows")[0]
    assert cublas.cause == "missing_cuda_runtime_lib" and "CUDA 13" in cublas.explanation
    cudnn = explain("\tlibcudnn.so.8 => not found", platform="linux")[0]
    assert "cuDNN 8" in cudnn.explanation and "CUDA 8" not in cudnn.explanation
    # A library that is not CUDA's, listed as not found, is not read as a CUDA library.
    assert "missing_cuda_runtime_lib" not in _causes("\tlibpng16.so.16 => not found")


def test_an_installed_package_named_app_hides_a_projects_app_py() -> None:
    text = (
        '  File "C:\\sd\\extensions\\SadTalker\\scripts\\extension.py", line 172, in on_ui_tabs\n'
        "    from app import sadtalker_demo\n"
        "ImportError: cannot import name 'sadtalker_demo' from 'app' (C:\\sd\\venv\\lib\\site-packages\\app\\__init__.py)"
    )
    assert _causes(text, platform="windows")[0] == "shadowed_module"


def test_a_framework_part_the_projects_own_code_asks_for_is_not_read_as_a_source_folder() -> None:
    # PaddleClas#1343: paddle.inference is Paddle 2's; the project's own frames ask for it.
    text = (
        '  File "E:\\PaddleClas\\deploy\\utils\\predictor.py", line 21, in <module>\n'
        "    from paddle.inference import Config\n"
        "ModuleNotFoundError: No module named 'paddle.inference'"
    )
    assert "shadowed_module" not in _causes(text)[:1]
