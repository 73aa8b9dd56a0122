"""A pasted collect_env report names the GPUs beside the build it describes: a GPU the official build has no code for is
the reading, whatever else the report shows. The report below is pytorch/pytorch#31876's (a GeForce 210, compute
capability 1.2, under torch 1.2.0's CUDA 10.0 build; the maintainer answered the card is not supported)."""

from __future__ import annotations

from torchenv_magic import compat, explain

GEFORCE_210_REPORT = """PyTorch version: 1.2.0
Is debug build: No
CUDA used to build PyTorch: 10.0

OS: Microsoft Windows 7 Professional
GCC version: Could not collect
CMake version: Could not collect

Python version: 3.7

Is CUDA available: No
CUDA runtime version: 10.0.130
GPU models and configuration: GPU 0: GeForce 210
Nvidia driver version: 342.01
"""


def read_as_arch(text: str) -> bool:
    """A gpu_arch_unsupported reading of the text, not a similar report's guess (those read 'Not recognised')."""
    return any(f.cause == "gpu_arch_unsupported" and not f.title.startswith("Not recognised") for f in explain(text))


def report(torch_version: str, cuda: str, gpu_lines: str, available: str = "True") -> str:
    return (
        f"PyTorch version: {torch_version}\nIs debug build: False\nCUDA used to build PyTorch: {cuda}\n\n"
        f"OS: Ubuntu 22.04.3 LTS (x86_64)\nIs CUDA available: {available}\n{gpu_lines}\nNvidia driver version: 535.104.05\n"
    )


def test_a_gpu_below_every_official_build_is_read_first_with_the_cpu_as_the_fix() -> None:
    first = explain(GEFORCE_210_REPORT)[0]
    assert first.cause == "gpu_arch_unsupported"
    assert "GeForce 210" in first.title and "compute capability 1.2" in " ".join(first.evidence)
    assert first.fix is not None and first.fix.kind == "manual"
    assert "device='cpu'" in first.fix.code and "Pick a torch build" not in first.fix.code
    assert "No official torch CUDA build has ever had code" in first.explanation


def test_the_driver_the_report_calls_too_old_stays_as_a_second_answer() -> None:
    causes = [finding.cause for finding in explain(GEFORCE_210_REPORT)]
    assert causes.index("gpu_arch_unsupported") < causes.index("driver_too_old")


def test_a_gpu_outside_a_known_architecture_list_gets_a_build_that_has_it() -> None:
    text = report("2.5.1+cu124", "12.4", "GPU models and configuration: GPU 0: Tesla K80")
    first = explain(text)[0]
    assert first.cause == "gpu_arch_unsupported"
    assert first.fix is not None and "sm_37" in (first.fix.note or "")


def test_each_gpu_line_under_the_heading_is_read() -> None:
    text = report("2.5.1+cu124", "12.4", "GPU models and configuration: \nGPU 0: NVIDIA GeForce RTX 3090\nGPU 1: Tesla K80")
    first = explain(text)[0]
    assert first.cause == "gpu_arch_unsupported" and "Tesla K80" in first.title


def test_gpus_the_build_has_code_for_are_not_a_finding() -> None:
    text = report("2.5.1+cu124", "12.4", "GPU models and configuration: GPU 0: NVIDIA GeForce RTX 3090")
    assert not read_as_arch(text)


def test_a_source_build_names_its_own_architectures_and_is_not_compared() -> None:
    text = report("2.1.0a0+git7bcf7da", "12.1", "GPU models and configuration: GPU 0: Tesla K80")
    assert not read_as_arch(text)


def test_official_build_has_code() -> None:
    assert compat.official_build_has_code("1.2.0", "10.0", 12) is False  # below every official build
    assert compat.official_build_has_code("2.5.1", "12.4", 37) is False  # the sourced list starts at sm_50
    assert compat.official_build_has_code("2.5.1", "12.4", 86) is True
    assert compat.official_build_has_code("1.2.0", "10.0", 61) is None  # no sourced list for that build
    assert compat.compute_capability("GeForce 210") == compat.compute_capability("NVIDIA GeForce 210") == "1.2"


def test_the_release_stated_beside_the_report_stands_for_its_missing_version_line() -> None:
    text = GEFORCE_210_REPORT.replace("PyTorch version: 1.2.0\n", "")
    assert not read_as_arch(text.replace("GeForce 210", "GeForce RTX 3090"))
    assert explain(text, packages={"torch": "1.2.0"})[0].cause == "gpu_arch_unsupported"
    assert explain(text.replace("GeForce 210", "NVIDIA GeForce RTX 3090"), packages={"torch": "1.2.0a0+git1"})[0].cause != (
        "gpu_arch_unsupported"
    )
