"""What batch-2026-12-06g taught (docs/accuracy-runs/batch-2026-12-06g.firstrun.txt), checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def test_a_cuda_librarys_own_symbol_with_no_file_is_an_older_copy_of_that_library() -> None:
    # MetaSearch/CodeJudge#2: an issue title without the loader's colon; cu11 NVIDIA wheels beside cu12's gave an older NCCL.
    for text in ("undefined symbol ncclCommRegister", "ImportError: undefined symbol: ncclCommRegister"):
        findings = explain(text, platform="linux")
        assert [f.cause for f in findings[:2]] == ["lib_version_conflict", "extension_abi_mismatch"], text
    # Without the colon only a CUDA library's function name is read as a symbol: prose is not.
    assert explain("the build fails with an undefined symbol error", platform="linux")[0].cause == "other"
    # An extension's own file named before it still reads as that extension's build.
    own = "ImportError: /x/site-packages/myext/_C.so: undefined symbol: ncclCommRegister"
    assert explain(own, platform="linux")[0].cause == "extension_abi_mismatch"
