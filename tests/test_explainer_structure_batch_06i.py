"""What batch-2026-12-06i taught (docs/accuracy-runs/batch-2026-12-06i.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain

_WARP = """\
  File "{folder}\\warp\\context.py", line 3265, in get_current_cuda_device
    raise RuntimeError('"cuda" device requested but this build of Warp does not support CUDA')
RuntimeError: "cuda" device requested but this build of Warp does not support CUDA
"""


def test_warp_without_cuda_run_from_its_checkout_is_its_build() -> None:
    # NVIDIA/warp#257: built before the CUDA toolkit was installed; Warp's README builds with build_lib.py.
    finding = explain(_WARP.format(folder="C:\\Users\\u\\Source\\warp"), platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "warp" in finding.title
    assert finding.fix is not None and "build_lib.py" in finding.fix.code and "FORCE_CUDA" not in finding.fix.code
    # The installed package's own words are not read as a checkout's build.
    installed = explain(_WARP.format(folder="C:\\Python311\\Lib\\site-packages"), platform="windows")
    assert not (installed[0].cause == "build_toolchain_missing" and installed[0].fix and "build_lib.py" in installed[0].fix.code)
