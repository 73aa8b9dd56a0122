"""Readings written on 2026-12-05 from the corpus texts that no rule read (explain's no-match note or a similar-reports
guess first): shapes that stand for a cause whatever the project. Each test checks the edges the reading depends on.
They are coverage of texts already read, not generalisation: the next fresh batch's first run measures that."""

from __future__ import annotations

from torchenv_magic import explain


def _top(text: str, platform: str = "linux") -> tuple[str, str, float]:
    finding = explain(text, platform=platform)[0]
    return finding.cause, finding.title, finding.confidence


def test_no_cxx_compiler_said_by_torch_compile_or_a_setup_script() -> None:
    # NixOS/nixpkgs#446105 (torch.compile's C++ backend); SplaTAM#8 and maskrcnn-benchmark#388 (setup.py's `which g++`).
    inductor = (
        "torch._inductor.exc.InductorError: InvalidCxxCompiler: No working C++ compiler found in "
        "torch._inductor.config.cpp.cxx: (None, 'g++')"
    )
    assert _top(inductor)[:2] == ("build_toolchain_missing", "torch.compile (its C++ backend) found no C/C++ compiler")
    which = "subprocess.CalledProcessError: Command '['which', 'g++']' returned non-zero exit status 1."
    cause, title, confidence = _top(which)
    assert cause == "build_toolchain_missing" and "no C/C++ compiler" in title and confidence >= 0.8
    assert explain(which, platform="linux")[0].fix.code == "sudo apt-get install -y build-essential"
    # `which` of another program is not a compiler.
    other = "subprocess.CalledProcessError: Command '['which', 'nvidia-smi']' returned non-zero exit status 1."
    assert all("C/C++ compiler" not in f.title for f in explain(other, platform="linux"))
    # Triton's own words keep Triton's finding.
    triton = "RuntimeError: Failed to find C compiler. Please specify via CC environment variable."
    assert _top(triton)[1] == "Triton found no C compiler to build its kernel launcher"


def test_a_setup_script_asking_for_a_newer_cuda() -> None:
    # SageAttention's setup.py (A-bot-world#8).
    cause, title, _ = _top("RuntimeError: CUDA 12.0 or higher is required to build the package.")
    assert cause == "build_toolchain_missing" and "CUDA 12.0 or newer" in title


def test_pip_failing_to_build_a_package_with_nothing_said_why() -> None:
    wanted = ", which is required to install pyproject.toml-based projects"
    cause, title, confidence = _top("ERROR: Could not build wheels for auto-gptq" + wanted)
    assert (cause, title) == ("build_toolchain_missing", "pip could not build auto-gptq from source") and confidence < 0.5
    assert _top("  ERROR: Failed building wheel for mamba-ssm")[1] == "pip could not build mamba-ssm from source"
    # Windows gets MSVC's build tools, not apt.
    windows = explain("ERROR: Could not build wheels for pycocotools" + wanted, platform="windows")[0]
    assert "apt" not in windows.fix.code
    # The log's own reason comes first when it is there (nvcc missing), and torch itself is PyPI's placeholder.
    log = "error: [Errno 2] No such file or directory: '/usr/local/cuda/bin/nvcc'\nERROR: Failed building wheel for flash-attn"
    assert _top(log)[1] != "pip could not build flash-attn from source"
    placeholder = explain("ERROR: Failed building wheel for torch", platform="windows")
    assert all(f.title != "pip could not build torch from source" for f in placeholder)


def test_gyms_make_missing_is_a_namesake() -> None:
    # openai/gym#544 (a gym.py) and #535 (a cloned gym folder).
    assert _top("AttributeError: module 'gym' has no attribute 'make'")[0] == "shadowed_module"


def test_old_cudnn_loader_words() -> None:
    # tensorflow/tensorflow#62 (TensorFlow 0.x) and PaddleOCR#63 (Paddle 1.x): cuDNN not found by the framework's loader.
    assert _top("I tensorflow/stream_executor/cuda/cuda_dnn.cc:1062] Unable to load cuDNN DSO.")[:2] == (
        "missing_cuda_runtime_lib", "TensorFlow cannot load the cuDNN library")
    paddle = "Error: Cannot load cudnn shared library. Cannot invoke method cudnnGetVersion at (/paddle/fluid/platform/dynload/cudnn.cc:63)"
    assert _top(paddle)[:2] == ("missing_cuda_runtime_lib", "PaddlePaddle cannot load the cudnn library")


def test_a_container_exiting_with_128_plus_sigill() -> None:
    # Hindsight#4142: torch's aarch64 wheel on a CPU without the atomics it was built for.
    assert _top("# container exits with code 132")[0] == "wheel_platform_mismatch"
    assert _top("# container exits with code 137")[0] != "wheel_platform_mismatch"  # 128 + 9: killed, often for memory


def test_pips_resolver_on_another_pytorch_domain_library() -> None:
    # NavRL#14: torchrl pinned to a newer torch.
    cause, title, _ = _top("torchrl 0.7.2 requires torch>=2.6.0, but you have torch 2.0.1 which is incompatible.")
    assert (cause, title) == ("torchvision_torch_mismatch", "torchrl does not match the installed torch")


def test_pips_first_line_alone_for_a_package_without_a_wheel() -> None:
    # miniseconds#6: mlx (Apple silicon only) asked for on Windows.
    cause, title, _ = _top("Could not find a version that satisfies the requirement mlx==0.0.3 (from versions: none)", "windows")
    assert (cause, title) == ("wheel_platform_mismatch", "No mlx wheel matches this Python / OS / CPU")


def test_another_packages_module_of_the_other_architecture() -> None:
    # huggingface/tokenizers#1447: dyld's short words, naming no architecture.
    text = "/opt/homebrew/lib/python3.11/site-packages/tokenizers/tokenizers.cpython-311-darwin.so: mach-o, but wrong architecture"
    finding = explain(text, platform="macos")[0]
    assert finding.title == "tokenizers's compiled module is built for another CPU architecture than this Python's"
    assert finding.fix.code == "python -m pip install --force-reinstall --no-deps --no-cache-dir tokenizers"
    # dyld's longer words name both, and an import name installs its distribution (llama_cpp is llama-cpp-python's).
    named = ("dlopen(/Users/u/lib/python3.11/site-packages/llama_cpp/libllama.dylib, 0x0006): tried: "
             "'/Users/u/lib/python3.11/site-packages/llama_cpp/libllama.dylib' (mach-o file, but is an incompatible "
             "architecture (have 'x86_64', need 'arm64'))")
    finding = explain(named, platform="macos")[0]
    assert finding.title == "llama-cpp-python's compiled module is built for x86_64, but this Python runs as arm64"
    # torch's own keeps torch's finding.
    own = "/x/site-packages/torch/_C.cpython-39-darwin.so: mach-o, but wrong architecture"
    assert explain(own, platform="macos")[0].title.startswith("torch's native libraries")


def test_the_reinstall_for_the_other_architecture_keeps_the_release() -> None:
    text = "/opt/homebrew/lib/python3.11/site-packages/tokenizers/tokenizers.cpython-311-darwin.so: mach-o, but wrong architecture"
    finding = explain(text, platform="macos", packages={"tokenizers": "0.13.3"})[0]
    assert finding.fix.code == "python -m pip install --force-reinstall --no-deps --no-cache-dir tokenizers==0.13.3"
