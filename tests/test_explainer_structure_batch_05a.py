"""What batch-2026-12-05a taught (docs/accuracy-runs/batch-2026-12-05a.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import compat, explain


def _causes(text: str, platform: str | None = None) -> list[str]:
    return [finding.cause for finding in explain(text, platform=platform)]


def test_a_launcher_naming_sigill_by_its_number_is_an_illegal_instruction() -> None:
    # pytorch/pytorch#176993: uv's debug log of torch 2.10's aarch64 wheel on a Raspberry Pi 4.
    text = "DEBUG Spawned child 7927 in process group 7907\nDEBUG Command exited with signal: Some(4)"
    assert explain(text, platform="linux")[0].cause == "wheel_platform_mismatch"
    assert explain("Training process was killed by signal 4", platform="linux")[0].cause == "wheel_platform_mismatch"
    # Another signal (9, the OOM killer; 40) is not an illegal instruction.
    for other in ("DEBUG Command exited with signal: Some(9)", "worker killed by signal 40"):
        assert all("illegal instruction" not in f.title for f in explain(other, platform="linux"))


def test_a_package_refusing_the_system_it_runs_on() -> None:
    # RUC-NLPIR/FlashRAG#5: vLLM asked for on a Mac.
    finding = explain("AssertionError: vLLM only supports Linux platform (including WSL).", platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "vLLM runs only on Linux" in finding.title
    assert "Linux machine" in finding.fix.code and "WSL" not in finding.fix.code  # the way out for a Mac
    on_windows = explain("AssertionError: vLLM only supports Linux platform (including WSL).", platform="windows")[0]
    assert "WSL 2" in on_windows.fix.code
    # A toolkit's floor is not an operating system.
    floor = explain("RuntimeError: FlashAttention is only supported on CUDA 11.6 and above.", platform="linux")
    assert all("runs only on" not in f.title for f in floor)
    # Running on the system it asks for, the sentence says nothing is wrong with the platform.
    assert all("runs only on" not in f.title for f in explain("vLLM only supports Linux platform", platform="linux"))



def test_a_live_kernel_names_its_own_system_for_a_linux_only_package() -> None:
    # A kernel's facts say which system it is, though the text names no path: a Mac's kernel says macOS, not "another
    # system", and gets the Mac's way out.
    from torchenv_magic.rules import Context, load_all, run_rules

    capture = {"text": "AssertionError: vLLM only supports Linux platform (including WSL).", "pasted": True}
    mac = Context(facts={"python": {"os": "Darwin", "installer": "pip"}}, capture=capture, in_kernel=True)
    findings, _notes = run_rules(mac, load_all())
    finding = next(f for f in findings if "runs only on" in f.title)
    assert finding.title == "vLLM runs only on Linux; this is macOS"
    assert "Linux machine or cloud GPU" in finding.fix.code

def test_a_linux_gpu_only_package_asked_for_on_a_mac() -> None:
    # xorbitsai/inference#298: transformers asking for flash_attn on an M1 Mac.
    text = ("ImportError: This modeling file requires the following packages that were not found in your environment: "
            "flash_attn. Run `pip install flash_attn`")
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "flash-attn" in finding.title
    assert compat.linux_gpu_only("vllm") == "vllm" and compat.linux_gpu_only("torch") is None
    # On Linux the same words are a missing install, not a platform.
    assert "runs only on" not in explain(text, platform="linux")[0].title


def test_the_mps_device_asked_for_off_a_mac() -> None:
    # jankais3r/LLaMA_MPS#6: torch 1.13.1+cu117 on Linux running code written for Apple silicon.
    text = "RuntimeError: PyTorch is not linked with support for mps devices"
    # One answer with "MPS backend is not available" off macOS (batch-2026-12-05f): MPS never exists outside macOS.
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "no_driver_or_gpu" and "outside macOS" in finding.title
    assert finding.fix is not None and "device='cpu'" in finding.fix.code
    # On a Mac the same words are about the torch build, which this reading does not claim.
    assert all("outside macOS" not in f.title for f in explain(text, platform="macos"))


def test_a_private_name_missing_from_a_package_pasted_alone_is_a_stale_module() -> None:
    # pnnl/HyperNetX#114: `pip install hypernetx` in Colab replaced numpy under the loaded one.
    causes = _causes("AttributeError: module 'numpy' has no attribute '_no_nep50_warning'", "linux")
    assert causes[:2] == ["stale_module_after_upgrade", "corrupted_install"]
    # A code line above it says who asked: a library of another release (chex asking jax: google-deepmind/optax#456).
    chex = "    ArrayDType = jax._src.numpy.lax_numpy._ScalarMeta\nAttributeError: module 'jax' has no attribute '_src'"
    assert _causes(chex, "linux")[0] == "other"
    # A dunder is asked for by anyone's code: not this reading.
    assert "stale_module_after_upgrade" not in _causes("AttributeError: module 'datasets' has no attribute '__version__'")[:1]


def test_torchs_own_warning_that_cuda_is_unavailable() -> None:
    # 152334H/tortoise-tts-fast#18: autocast's warning under PyPI's CPU-only torch on Windows.
    text = ("site-packages\\torch\\amp\\autocast_mode.py:202: UserWarning: User provided device_type of 'cuda', but CUDA "
            "is not available. Disabling")
    assert _causes(text, "windows")[:2] == ["cpu_only_build", "no_driver_or_gpu"]
    # Elsewhere no GPU comes first, as for the bare assertion.
    assert _causes(text.replace("\\", "/"), "linux")[:2] == ["no_driver_or_gpu", "cpu_only_build"]
    scaler = "UserWarning: torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling."
    assert _causes(scaler, "linux")[0] == "no_driver_or_gpu"


def test_libmamba_finding_nothing_for_torch_on_its_platform() -> None:
    # thousandbrainsproject/tbp.monty#95: pytorch 1.11.0's MKL build asked for on osx-arm64.
    text = ("Platform: osx-arm64\nCollecting package metadata (repodata.json): done\nSolving environment: failed\n\n"
            "LibMambaUnsatisfiableError: Encountered problems while solving:\n"
            "  - nothing provides blas * mkl needed by pytorch-1.11.0.arm64-py3.8_0\n")
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "osx-arm64" in finding.title
    # Without the platform line conda's words name no platform: not this reading.
    assert "osx-arm64" not in explain(text.replace("Platform: osx-arm64\n", ""), platform="macos")[0].title


def test_torchrun_workers_started_by_another_python() -> None:
    # hiyouga/LlamaFactory#5008: the workers ran base Anaconda's Python.
    text = ("  File \"/home/u/LLaMA-Factory/src/llamafactory/launcher.py\", line 15, in <module>\n"
            "    from llamafactory.train.tuner import run_exp\nModuleNotFoundError: No module named 'llamafactory'\n\n"
            "torch.distributed.elastic.multiprocessing.api: [ERROR] failed (exitcode: 1) local_rank: 0 (pid: 2963998) of "
            "binary: /usr/local/anaconda3/bin/python")
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "/usr/local/anaconda3/bin/python" in finding.title
    assert "python -m torch.distributed.run" in finding.fix.code
    # torchrun's report of a worker that failed for another reason names no missing module: not this reading.
    crash = "failed (exitcode: -9) local_rank: 0 (pid: 12) of binary: /usr/bin/python3"
    assert all("torchrun's workers" not in f.title for f in explain(crash, platform="linux"))


def test_a_newer_numpy_asked_for_in_a_notebook_may_be_one_loaded_before_the_upgrade() -> None:
    # Kaggle/docker-python#1053: `pip install numpy==...` in a kernel that had imported numpy 1.19.5.
    text = ("RuntimeError Traceback (most recent call last)\n"
            "RuntimeError: module compiled against API version 0xe but this version of NumPy is 0xd")
    assert _causes(text, "linux")[0] == "numpy_abi_mismatch" and _read_as("stale_module_after_upgrade", text)
    # A plain script's traceback is not a kernel's; nor is a module built for an older NumPy ever a stale newer one.
    script = "Traceback (most recent call last):\nRuntimeError: module compiled against API version 0xe but this version of NumPy is 0xd"
    assert not _read_as("stale_module_after_upgrade", script)
    assert not _read_as("stale_module_after_upgrade", text.replace("0xe but", "0xc but"))


def _read_as(cause: str, text: str) -> bool:
    """A rule's reading, not a similar-reports guess (those stay under 20%)."""
    return any(f.cause == cause and f.confidence >= 0.2 for f in explain(text, platform="linux"))


def test_names_numpy_2_removed() -> None:
    # instructlab/training#47: DeepSpeed's `from numpy import BUFSIZE` under NumPy 2.
    text = "ImportError: cannot import name 'BUFSIZE' from 'numpy' (/home/u/venv/lib64/python3.11/site-packages/numpy/__init__.py)"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and finding.fix.code == 'pip install "numpy<2"'
    assert "stale_module_after_upgrade" not in _causes(text, "linux")  # the numpy is newer than the code, not older
    # NumPy's own words for the names it removed, with the replacement it names.
    own = explain("AttributeError: `np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.", platform="linux")[0]
    assert own.cause == "other" and any("np.float64" in line for line in own.evidence)
    # On Python 3.13 no NumPy before 2 installs: the pin is not offered.
    on_313 = explain(text.replace("python3.11", "python3.13"), platform="linux")[0]
    assert on_313.fix is None or "numpy<2" not in on_313.fix.code
    # A name NumPy 2 still has is not this reading.
    assert "removed" not in explain("ImportError: cannot import name 'float64' from 'numpy'", platform="linux")[0].title


def test_a_library_glibc_2_41_refuses_for_its_executable_stack() -> None:
    # OpenNMT/CTranslate2#1849 and TeamAudio/reaspeech#184: ctranslate2's bundled library on glibc 2.41.
    text = "ImportError: libctranslate2-032e8c30.so.4.3.1: cannot enable executable stack as shared object requires: Invalid argument"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "executable stack" in finding.title and finding.confidence >= 0.8
    assert "patchelf --clear-execstack" in finding.fix.code and "bookworm" in finding.fix.code
    # The same library simply not found is another failure.
    missing = "ImportError: libctranslate2-032e8c30.so.4.3.1: cannot open shared object file: No such file or directory"
    assert all("executable stack" not in f.title for f in explain(missing, platform="linux"))


def test_a_name_every_release_has_missing_is_a_namesake_or_an_empty_install() -> None:
    # tensorflow/tensorflow#7285: an Anaconda TensorFlow 0.12 with no files asked for Variable (a tensorflow.py says the
    # same: tensorflow/tensorflow#2370).
    assert _causes("AttributeError: module 'tensorflow' has no attribute 'Variable'", "macos")[:2] == [
        "shadowed_module", "corrupted_install"]
    assert _causes("AttributeError: module 'pandas' has no attribute 'DataFrame'")[0] == "shadowed_module"
    # A name TensorFlow 2 removed is not one every release has.
    assert "shadowed_module" not in _causes("AttributeError: module 'tensorflow' has no attribute 'placeholder'")[:1]
