"""What batch-2026-12-06r taught (docs/accuracy-runs/batch-2026-12-06r.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_cudnns_arch_mismatch_is_a_gpu_older_than_that_cudnn() -> None:
    # dailenson/SDT#25: a Tesla K80 under a build whose cuDNN no longer supports it.
    finding = explain("RuntimeError: cuDNN error: CUDNN_STATUS_ARCH_MISMATCH\n")[0]
    assert finding.cause == "gpu_arch_unsupported" and "cuDNN" in finding.title
    assert finding.fix is not None and "torch.backends.cudnn.version()" in finding.fix.code  # another cuDNN loaded first
    assert "cudnn.enabled = False" in finding.fix.code


def test_a_c_function_of_an_unlinked_library_is_the_builds_omission() -> None:
    # deepspeedai/DeepSpeed#3846 (cuRAND) and PaddlePaddle/Paddle#47421 (librt's shm_unlink).
    curand = (
        "ImportError: /root/miniconda3/lib/python3.8/site-packages/deepspeed/ops/quantizer/quantizer_op.cpython-38-x86_64-"
        "linux-gnu.so: undefined symbol: curandCreateGenerator\n"
    )
    finding = explain(curand, packages={"torch": "2.0"})[0]
    assert finding.cause == "other" and "without linking" in finding.title
    assert "-lcurand" in (finding.fix.code if finding.fix else "")
    shm = "ImportError: /home/u/dev/paddle/build/python/paddle/fluid/libpaddle.so: undefined symbol: shm_unlink\n"
    assert _causes(shm)[:2] == ["other", "extension_abi_mismatch"]
    # Built in torch's extension cache, shared by every environment: another environment's build (pytorch/pytorch#68905).
    cached = "ImportError: /home/u/.cache/torch_extensions/py38_cu111/cpu_adam/cpu_adam.so: undefined symbol: curandCreateGenerator\n"
    assert _causes(cached)[:1] == ["extension_abi_mismatch"]
    # torch's own C++ names stay an extension built for another torch.
    torch_symbol = (
        "ImportError: /env/lib/python3.10/site-packages/foo/_C.so: undefined symbol: _ZN3c106detail14torchCheckFailEPKcS2_jRKSs\n"
    )
    assert _causes(torch_symbol)[:1] == ["extension_abi_mismatch"]


def test_a_sudo_command_pasted_without_its_prompt() -> None:
    # vanhoefm/krackattacks-scripts#82: the venv's Crypto, and sudo running the system's Python.
    text = (
        "sudo ./krack-ft-test.py wpa_supplicant -D nl80211 -i wlan0 -c network.conf\n\n"
        "Traceback (most recent call last):\n"
        '  File "/home/user/krackattacks-scripts/krackattack/libwifi/wifi.py", line 6, in <module>\n'
        "    from Crypto.Cipher import AES\n"
        "ModuleNotFoundError: No module named 'Crypto'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.title.startswith("sudo ran the system's Python")
    assert finding.fix is not None and "command -v python" in finding.fix.code
    # sudo installing is not sudo running the program.
    installing = "$ sudo pip install pycryptodome\n" + text.split("\n\n", 1)[1]
    assert not explain(installing)[0].title.startswith("sudo ran")


def test_a_missing_module_after_pips_failed_install_follows_from_it() -> None:
    # pytorch/pytorch#160898: torch's intel-openmp requirement has no Windows ARM64 distribution.
    text = (
        'ERROR: Could not find a version that satisfies the requirement intel-openmp==2025.1.1; platform_system == "Windows" '
        "(from torch) (from versions: none)\n"
        'ERROR: No matching distribution found for intel-openmp==2025.1.1; platform_system == "Windows"\n'
        "ModuleNotFoundError: No module named 'torch'\n"
    )
    assert _causes(text, platform="windows")[:2] == ["wheel_platform_mismatch", "module_not_installed_in_kernel_env"]
    assert _causes("ModuleNotFoundError: No module named 'torch'\n")[:1] == ["module_not_installed_in_kernel_env"]


def test_mkl_not_finding_its_own_computational_dll() -> None:
    # LaurentMazare/tch-rs#870 and pytorch/pytorch#125013: LibTorch 2.3's Windows zips without MKL's DLLs.
    text = "INTEL MKL ERROR: The specified module could not be found. mkl_def.1.dll.\nIntel MKL FATAL ERROR: Cannot load mkl_def.1.dll.\n"
    finding = explain(text)[0]
    assert finding.cause == "windows_dll_dependency" and finding.title == "MKL cannot find its mkl_def.1.dll"
    # MKL's "cannot execute %1" is another copy of the wrong kind, the conflict reading.
    wrong_kind = "INTEL MKL ERROR: The operating system cannot execute %1. mkl_intel_thread.dll.\n"
    assert "conflicting" in explain(wrong_kind)[0].title


def test_bitsandbytes_loading_its_windows_cpu_library_is_torch_without_cuda() -> None:
    # oobabooga/text-generation-webui#2405: PyPI's torch 2.0.1 (a CPU build on Windows) replaced the CUDA one.
    text = (
        "bin C:\\oobabooga\\installer_files\\env\\lib\\site-packages\\bitsandbytes\\libbitsandbytes_cpu.dll\n"
        "C:\\oobabooga\\installer_files\\env\\lib\\site-packages\\bitsandbytes\\cextension.py:34: UserWarning: The installed "
        "version of bitsandbytes was compiled without GPU support.\n"
        "function 'cadam32bit_grad_fp32' not found\n"
    )
    assert _causes(text, platform="windows")[:1] == ["cpu_only_build"]
    # Without its Windows library shown, the release has no Windows build (bitsandbytes-foundation/bitsandbytes#879).
    bare = text.split("\n", 1)[1]
    assert _causes(bare, platform="windows")[:1] == ["wheel_platform_mismatch"]


def test_condas_plan_trading_the_cuda_build_for_a_cpu_build() -> None:
    # ContinuumIO/anaconda-issues#12302.
    text = (
        "The following packages will be SUPERSEDED by a higher-priority channel:\n\n"
        "  pytorch            pytorch::pytorch-1.7.1-py3.8_cuda10.2~ --> pkgs/main::pytorch-1.7.1-cpu_py38h6a09485_0\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "cpu_only_build" and "conda replaced pytorch 1.7.1" in finding.title
    assert finding.fix is not None and 'conda install -c pytorch "pytorch=1.7.1=*cuda*"' in finding.fix.code
    # The other way round (a CPU build replaced by a CUDA one) is no failure.
    upgrade = "  pytorch            pkgs/main::pytorch-1.7.1-cpu_py38h6a09485_0 --> pytorch::pytorch-1.7.1-py3.8_cuda10.2_0\n"
    assert "conda replaced" not in explain(upgrade)[0].title


def test_openmmlabs_version_check_of_the_copy_installed() -> None:
    # open-mmlab/mmdetection#12312: mmcv 2.2.0 installed, refused by mmdet's own check.
    text = "AssertionError: MMCV==2.2.0 is used but incompatible. Please install mmcv>=2.0.0rc4, <2.2.0.\n"
    finding = explain(text, packages={"mmcv": "2.2.0"})[0]
    assert finding.cause == "other" and finding.fix is not None and 'pip install "mmcv>=2.0.0rc4,<2.2.0"' in finding.fix.code
    # Another version stated installed: the import met a second copy (open-mmlab/mmdetection#7046).
    other_copy = "AssertionError: MMCV==1.2.0 is used but incompatible. Please install mmcv>=1.3.17, <=1.5.0.\n"
    assert _causes(other_copy, packages={"mmcv": "1.3.17"})[:1] == ["duplicate_installations"]


def test_a_wheels_own_folder_is_an_install_and_an_old_python_has_no_numpy_2() -> None:
    # pytorch/pytorch#1755: PEX's .deps folder of torch 0.1.12's cp27 wheel, NumPy not installed.
    text = (
        ">>> import torch\n"
        "Traceback (most recent call last):\n"
        '  File "/private/var/folders/b5/T/tmpCRcqEy/.deps/torch-0.1.12.post2-cp27-none-macosx_10_7_x86_64.whl/torch/__init__.py", '
        "line 53, in <module>\n"
        "    from torch._C import *\n"
        "ImportError: numpy.core.multiarray failed to import\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "numpy_abi_mismatch" and "newer NumPy" in finding.title
    assert "shadowed_module" not in _causes(text)
    assert finding.fix is not None and "--upgrade" in finding.fix.code and "numpy" in finding.fix.code
    # Under Python 3.11 NumPy 2 may be what runs: the NumPy 1.x reading stays.
    modern = text.replace(".deps/torch-0.1.12.post2-cp27-none-macosx_10_7_x86_64.whl", "lib/python3.11/site-packages")
    assert "NumPy 2" in explain(modern)[0].title
