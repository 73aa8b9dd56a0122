"""What batch-2026-12-05i taught (docs/accuracy-runs/batch-2026-12-05i.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain


def test_androids_loader_refusing_a_linux_build() -> None:
    # termux/termux-app#2219: a glibc aarch64 wheel pip-installed in Termux.
    termux = 'OSError: dlopen failed: library "libgomp.so.1" not found'
    finding = explain(termux, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Android" in finding.title
    assert finding.fix is not None and "pkg install python-torch" in finding.fix.code
    # kivy/buildozer#1538: an x86_64 torch bundled into an aarch64 Android app.
    apk = (
        'OSError: dlopen failed: "/data/user/0/org.test/files/app/_python_bundle/site-packages/torch/lib/'
        'libtorch_global_deps.so" is for EM_X86_64 (62) instead of EM_AARCH64 (183)'
    )
    finding = explain(apk, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "x86_64" in finding.title and "aarch64" in finding.title
    # bionic's missing-symbol words are another failure (a companion built against another torch: termux-packages#19153),
    # and glibc's own words for a missing library are not Android's.
    assert "Android" not in explain('OSError: dlopen failed: cannot locate symbol "_ZN5torch8autograd"', platform="linux")[0].title
    glibc = "OSError: libgomp.so.1: cannot open shared object file: No such file or directory"
    assert "Android" not in explain(glibc, platform="linux")[0].title


def test_msvc_missing_a_cuda_math_library_in_an_extensions_build() -> None:
    # jllllll/exllama#36: cuda_ext.py built without cuBLAS on Windows.
    text = (
        "half_matmul.cuda.o : error LNK2019: unresolved external symbol cublasHgemm referenced in function "
        '"enum cudaError __cdecl half_matmul_cublas_cuda(struct __half const *)"\n'
        "exllama_ext.pyd : fatal error LNK1120: 1 unresolved externals"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and "does not link a CUDA library" in finding.title
    # torch's own names unresolved are not a CUDA math library's; nor is a word that only starts like one.
    torch_symbol = text.replace("cublasHgemm", '"public: void __cdecl at::Tensor::foo(void)"')
    assert "does not link a CUDA library" not in explain(torch_symbol, platform="windows")[0].title
    assert "does not link a CUDA library" not in explain(text.replace("cublasHgemm", "cublasian"), platform="windows")[0].title
