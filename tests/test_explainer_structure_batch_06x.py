"""What batch-2026-12-06x taught (docs/accuracy-runs/batch-2026-12-06x.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def _causes(text: str, **kwargs: object) -> list[str]:
    return [finding.cause for finding in explain(text, **kwargs)[:3]]  # type: ignore[arg-type]


def test_gcc_refusing_a_cxx_standards_flag_is_a_gcc_too_old() -> None:
    # hukaixuan19970627/yolov5_obb#510: gcc 4.8.5 building nms_rotated, fixed by gcc 5.3.1.
    finding = explain("gcc: error: unrecognized command line option ‘-std=c++14’", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title == "gcc is older than this build needs (gcc 5 or later)"
    assert finding.fix is not None and "gcc-5" in finding.fix.code
    for flag, gcc in (("c++17", "7"), ("gnu++20", "10")):
        text = f"g++: error: unrecognized command-line option '-std={flag}'"
        assert explain(text, platform="linux")[0].title == f"gcc is older than this build needs (gcc {gcc} or later)"
    # Another option gcc does not know is no C++ standard's: not this reading.
    other = "gcc: error: unrecognized command line option '-mavx512fp16'"
    assert "gcc is older" not in explain(other, platform="linux")[0].title


_WORKER = (
    "Traceback (most recent call last):\n"
    '  File "/home/venv/lib/python3.9/site-packages/ts/model_service_worker.py", line 15, in <module>\n'
    "    from ts.arg_parser import ArgParser\n"
    "ModuleNotFoundError: No module named 'ts'\n"
)


def test_a_packages_own_file_that_cannot_import_its_package_ran_under_another_python() -> None:
    # pytorch/serve PR 2946: the worker of a per-model venv that did not inherit /home/venv's site-packages.
    finding = explain(_WORKER, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and finding.title == "ts's own file ran under a Python that does not see ts"
    assert finding.fix is not None and "/home/venv/bin/python" in finding.fix.code
    # The file's import of another package: that package is what is missing, not this reading.
    other = _WORKER.replace("from ts.arg_parser", "from yaml").replace("'ts'", "'yaml'")
    assert "own file" not in explain(other, platform="linux")[0].title
    # A project's own file (not installed) importing its own package: the project is not on sys.path, not this reading.
    project = _WORKER.replace("/home/venv/lib/python3.9/site-packages/ts/", "/home/me/proj/ts/")
    assert "own file" not in explain(project, platform="linux")[0].title
