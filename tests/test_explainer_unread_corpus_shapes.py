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
