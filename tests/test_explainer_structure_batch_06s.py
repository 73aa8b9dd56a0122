"""What batch-2026-12-06s taught (docs/accuracy-runs/batch-2026-12-06s.firstrun.txt)."""

from __future__ import annotations

from torchenv_magic import explain


def test_open3ds_windows_package_without_its_ml_ops() -> None:
    # isl-org/Open3D-ML#205 (and #139, #232): the maintainers' answer was Linux or WSL, or a source build with the ops.
    finding = explain("Open3D was not built with PyTorch support!\n", platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.title == "Open3D's Windows package has no PyTorch ops"
    assert finding.fix is not None and "-DBUILD_PYTORCH_OPS=ON" in finding.fix.code
    tensorflow = explain("Exception: Open3D was not built with TensorFlow support!\n", platform="windows")[0]
    assert "-DBUILD_TENSORFLOW_OPS=ON" in (tensorflow.fix.code if tensorflow.fix else "")
    # No system named: the Windows reading, less surely; on Linux the words are not read so.
    assert explain("Open3D was not built with PyTorch support!\n")[0].confidence == 0.5
    assert explain("Open3D was not built with PyTorch support!\n", platform="linux")[0].title != finding.title
