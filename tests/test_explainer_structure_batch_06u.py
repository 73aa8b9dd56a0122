"""What batch-2026-12-06u taught (docs/accuracy-runs/batch-2026-12-06u.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain, similar


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


_NUMPY_CONDA = (
    "Traceback (most recent call last):\n"
    '  File "C:\\Users\\me\\.conda\\envs\\work\\lib\\site-packages\\numpy\\core\\overrides.py", line 7, in <module>\n'
    "    from numpy.core._multiarray_umath import (\n"
    "ImportError: DLL load failed: The specified module could not be found.\n"
)


def test_a_conda_environments_numpy_whose_dlls_are_not_found_is_the_environment_not_activated() -> None:
    # microsoft/PTVS#5993: conda's numpy run by an IDE without the environment activated.
    finding = explain(_NUMPY_CONDA, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and "not activated" in finding.title
    assert finding.fix is not None and finding.fix.kind == "python" and "Library" in finding.fix.code
    assert "conda activate C:\\Users\\me\\.conda\\envs\\work" in (finding.fix.note or "")
    # microsoft/vscode-python#5559: no frame, the import and the activation the user ran after the launch.
    pasted = (
        "    from matplotlib import afm, cbook, ft2font, rcParams\n"
        "ImportError: DLL load failed: The specified module could not be found.\n\n>conda activate base\n"
    )
    assert _causes(pasted, platform="windows")[0] == "windows_dll_dependency"


def test_the_same_failure_outside_conda_or_of_another_package_keeps_its_reading() -> None:
    # A venv's numpy: no conda environment, the C++ runtime stays first.
    venv = _NUMPY_CONDA.replace("\\.conda\\envs\\work", "\\project\\.venv")
    assert _causes(venv, platform="windows")[0] == "missing_vc_redist"
    # A conda environment's torch: torch's DLLs are its own (torch\lib), not the environment's Library\bin.
    torch = _NUMPY_CONDA.replace("numpy\\core\\overrides.py", "torch\\__init__.py").replace(
        "from numpy.core._multiarray_umath import (", "from torch._C import *"
    )
    assert "not activated" not in explain(torch, platform="windows")[0].title


_WINERROR_193 = (
    "Traceback (most recent call last):\n"
    '  File "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python38-32\\lib\\site-packages\\pyexiv2\\core.py", line 22, in <module>\n'
    '    ctypes.CDLL(os.path.join(dll_dir, "exiv2.dll"))\n'
    '  File "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python38-32\\lib\\ctypes\\__init__.py", line 369, in __init__\n'
    "    self._handle = _dlopen(self._name, mode)\n"
    "OSError: [WinError 193] %1 is not a valid Win32 application\n"
)


def test_winerror_193_in_python_orgs_32_bit_python_is_a_64_bit_dll_it_cannot_load() -> None:
    # LeoHsiao1/pyexiv2#6 and microsoft/BlingFire#18: a package's 64-bit DLL in Python38-32 / Python37-32.
    finding = explain(_WINERROR_193, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and "32-bit" in finding.title and "pyexiv2" in finding.title
    assert finding.fix is not None and "py -3-64 -m pip install pyexiv2" in finding.fix.code
    # The same error in a 64-bit Python's folder keeps the reading of a conflicting or damaged DLL.
    sixty_four = _WINERROR_193.replace("Python38-32", "Python38")
    assert _causes(sixty_four, platform="windows")[0] == "windows_dll_dependency"


def test_a_refused_manylinux_2_28_wheel_may_be_an_older_glibc() -> None:
    # Farama-Foundation/Arcade-Learning-Environment#478: ale-py 0.8's manylinux_2_28 wheel on CentOS 7 (glibc 2.17).
    wheel = "ale_py-0.8.0-cp310-cp310-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"
    text = f"$ pip install {wheel}\nERROR: {wheel} is not a supported wheel on this platform.\n"
    found = explain(text, platform="linux")
    # The refusal stays first (an old pip refuses it too: mlc-ai/mlc-llm#1281); glibc is the reading after it.
    assert [f.cause for f in found[:2]] == ["wheel_platform_mismatch", "glibc_libstdcxx_too_old"]
    assert "2.27" in found[1].title and found[1].fix is not None and "ldd --version" in (found[1].fix.note or "")
    # manylinux2014 (glibc 2.17) asks for nothing newer than every supported Linux has.
    old = wheel.replace("manylinux_2_27_x86_64.manylinux_2_28_x86_64", "manylinux2014_x86_64")
    read = [f for f in explain(f"ERROR: {old} is not a supported wheel on this platform.\n", platform="linux") if not similar.is_guess(f)]
    assert "glibc_libstdcxx_too_old" not in [f.cause for f in read]


def test_lightning_counting_no_gpu_is_a_torch_that_sees_none() -> None:
    # Lightning-AI/pytorch-lightning#899: Trainer(gpus=1) under a conda CPU build of torch.
    text = (
        "pytorch_lightning.utilities.debugging.MisconfigurationException: \n"
        "            You requested GPUs: [0]\n            But your machine only has: []\n"
    )
    found = explain(text, platform="linux")
    assert [f.cause for f in found[:2]] == ["cpu_only_build", "no_driver_or_gpu"]
    assert not similar.is_guess(found[0]), "a rule reads it, not the similar reports"
    # A machine with GPUs, fewer than asked for, is not that: no rule reads it (the similar reports may still guess).
    fewer = text.replace("GPUs: [0]", "GPUs: [0, 1]").replace("only has: []", "only has: [0]")
    assert all(similar.is_guess(f) or f.cause == "other" for f in explain(fewer))


def test_numpy_reloaded_in_a_notebook_is_an_install_under_the_running_kernel() -> None:
    # vgel/repeng#17 on Colab: the numpy an install cell upgraded, imported again; a restart of the runtime fixed it.
    warning = (
        "/usr/lib/python3.10/importlib/__init__.py:169: UserWarning: The NumPy module was reloaded (imported a second time). "
        "This can in some cases result in small but subtle issues and is discouraged.\n"
    )
    cell = (
        "AttributeError                            Traceback (most recent call last)\n<ipython-input-3-1c8dfb7c0603> in <cell line: 6>()\n"
    )
    assert _causes(warning + cell, platform="linux")[:2] == ["stale_module_after_upgrade", "partial_import_state"]
    # Outside a notebook (Almenon/AREPL-vscode#427: a tool re-running the script) the second import keeps its reading.
    assert _causes(warning, platform="linux")[0] == "partial_import_state"


def test_tritons_too_old_gpu_is_a_gpu_below_the_codes_minimum() -> None:
    # unslothai/unsloth#2816: a Kaggle P100; the maintainer's answer was a T4 (compute capability 7.5).
    text = (
        "GPUTooOldForTriton: Found Tesla P100-PCIE-16GB which is too old to be supported by the triton GPU compiler, which is "
        "used as the backend. Triton only supports devices of CUDA Capability >= 7.0, but your device is of CUDA capability 6.0\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "gpu_arch_unsupported" and not similar.is_guess(finding)
    assert "Triton needs a GPU of compute capability 7.0" in finding.title and "Tesla P100-PCIE-16GB" in finding.title
    assert finding.fix is not None and "torch.compile" in finding.fix.code


def test_a_script_command_killed_by_sigill_with_polars_check_is_its_build_for_newer_cpus() -> None:
    # BLSQ/openhexa-app#891: an x86-64 image on an Apple-silicon Mac; bash reports the migrate command killed by SIGILL.
    check = (
        "RuntimeWarning: Missing required CPU features.\n\nThe following required CPU features were not detected:\n"
        "    avx, avx2, fma, bmi1, bmi2, lzcnt, movbe\n"
        "Install the `polars-lts-cpu` package instead of `polars` to run Polars with better compatibility.\n"
    )
    died = "/code/docker-entrypoint.sh: line 33:    19 Illegal instruction     python manage.py migrate\n"
    finding = explain(check + died, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and finding.fix is not None
    assert finding.fix.code == "pip uninstall -y polars\npip install polars-lts-cpu"
    # bash's report alone is still the illegal instruction (the corpus's Mozilla TTS text, run.sh: line 3, has its shape).
    assert _causes(died, platform="linux")[0] == "wheel_platform_mismatch"
    # A command whose name says "Illegal instruction" only inside a sentence is not a death report.
    assert "wheel_platform_mismatch" not in _causes("print('Illegal instruction     encountered')\n")


def test_a_cpu_builds_fix_installs_a_release_that_has_wheels_for_the_pythons_shown() -> None:
    # Lightning-AI/pytorch-lightning#899: the paths show Python 3.7, which the newest torch has no wheel for; torch
    # 1.13.1 is the last release for 3.7 (its CUDA 11.7 build from PyTorch's cu117 index).
    text = (
        '  File "/home/bruce/anaconda3/envs/ln2/lib/python3.7/site-packages/pytorch_lightning/trainer/distrib_parts.py", '
        "line 533, in sanitize_gpu_ids\n    raise MisconfigurationException(message)\n"
        "pytorch_lightning.utilities.debugging.MisconfigurationException: \n"
        "            You requested GPUs: [0]\n            But your machine only has: []\n"
    )
    fix = explain(text, platform="linux")[0].fix
    assert fix is not None and "torch==1.13.1+cu117" in fix.code and fix.code.endswith("/whl/cu117")
    # A Python the newest release has wheels for keeps the newest release's fix, unpinned.
    newer = explain(text.replace("python3.7", "python3.12"), platform="linux")[0].fix
    assert newer is not None and "torch==" not in newer.code
