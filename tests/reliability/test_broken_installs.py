"""Probes and the diagnosis on broken installs: every probe answers, none raises.

Each broken shape is built for real in a site directory first on ``sys.path`` (as pip,
conda or a crashed install leave them): a dist-info without METADATA, a dist-info that is
a file, METADATA as a broken symlink, versions pip would reject, METADATA and paths that
are not UTF-8, ``sys.path`` entries that do not exist, are files or are not strings. The
tests run as root, so "unreadable" is made with shapes that fail to read for anyone.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torchenv_magic.probes import PROBES, collect_facts, packages

BAD_VERSIONS = ["", "2.x-garbage+++", "1.0.0-rc.1+local..broken", "💥", "2.5.1+cu124+cu121", "v2", " 2.1 ", "None"]


def write_dist(site: Path, folder: str, metadata: bytes | str | None, **files: bytes | str) -> Path:
    info = site / folder
    info.mkdir(parents=True)
    if metadata is not None:
        (info / "METADATA").write_bytes(metadata.encode() if isinstance(metadata, str) else metadata)
    for name, content in files.items():
        (info / name).write_bytes(content.encode() if isinstance(content, str) else content)
    return info


def meta(name: str, version: str, *requires: str) -> str:
    return "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]) + "\n"


def build_broken_site(site: Path) -> None:
    write_dist(site, "torch-2.13.0.dist-info", None)  # no METADATA at all
    write_dist(site, "torchaudio-2.13.0.dist-info", None, RECORD="torchaudio/__init__.py,,\n")
    (site / "torchvision-0.29.1.dist-info").write_text("a file, not a folder")  # dist-info that is a file
    broken_link = write_dist(site, "torchtext-0.18.0.dist-info", None)
    (broken_link / "METADATA").symlink_to(site / "no-such-target")
    loop = write_dist(site, "detectron2-0.6.dist-info", None)
    (loop / "METADATA").symlink_to(loop / "METADATA")  # a symlink loop: ELOOP for everyone
    for index, version in enumerate(BAD_VERSIONS):
        write_dist(site, f"nvidia_bad{index}-0.dist-info", meta(f"nvidia-bad{index}", version))
    write_dist(
        site,
        "torch-2.14.1.dist-info",
        meta("torch", "2.14.1+cu130", "nvidia-cudnn-cu13 (=== weird", "triton; python_version >>> '3'", "numpy; extra ==")
        + "\nNot a header line\n",
        RECORD=b'torch/__init__.py,sha256=x,1\n\xff\xfe,\x00,\n"unterminated,\n',
        INSTALLER=b"\xff\xfepip\x00",
        **{"direct_url.json": "{not json"},
    )
    write_dist(site, "numpy-2.0.0.dist-info", b"Metadata-Version: 2.1\nName: numpy\nVersion: 2.0.0\nSummary: \xff\xfe\xfa latin-1 bytes\n")
    write_dist(site, "pillow-10.dist-info", b"\x00\x01\x02\xff binary garbage \x00")
    write_dist(site, "mkl-2024.dist-info", "Name: mkl\n")  # no Version header
    # A folder whose name is not UTF-8 (Linux allows any bytes): str(path) holds surrogates.
    os.mkdir(os.fsencode(site) + b"/xformers\xff\xfe-0.0.1.dist-info")
    (Path(os.fsdecode(os.fsencode(site) + b"/xformers\xff\xfe-0.0.1.dist-info")) / "METADATA").write_text(meta("xformers", "0.0.1"))
    # A torch package that is there but broken: binary version.py, lib/ a file, a non-UTF-8 file name.
    torch_dir = site / "torch"
    torch_dir.mkdir()
    (torch_dir / "__init__.py").write_bytes(b"raise ImportError('never imported by probes')\n")
    (torch_dir / "version.py").write_bytes(b"\xff\xfe__version__ = ('2.14.1'\x00")
    (torch_dir / "lib").write_text("not a folder")
    (site / "torchvision").mkdir()
    (site / "torchvision" / "version.py").write_text("__version__ = open('/etc/passwd').read()\ncuda = 1/0\n")
    (Path(os.fsdecode(os.fsencode(site) + b"/torchvision/_C\xff.so"))).write_bytes(b"\x7fELF\x02\x01garbage")
    (site / "detectron2").mkdir()
    (site / "detectron2" / "_C.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF\x02\x01\x01" + b"\xff" * 200)


def crashed(facts: dict[str, Any]) -> dict[str, Any]:
    """Probes that failed instead of answering (a raised exception or a timeout)."""
    return {name: value for name, value in facts.items() if name in PROBES and isinstance(value, dict) and "probe_error" in value}


def test_every_probe_answers_on_a_broken_site(site: Path) -> None:
    build_broken_site(site)
    facts = collect_facts()
    assert crashed(facts) == {}
    installed = facts["packages"]["installed"]
    # The readable torch is still found; the ones without metadata are skipped, not fatal.
    assert "2.14.1+cu130" in [entry["version"] for entry in installed["torch"]]
    # A latin-1 byte in METADATA: importlib.metadata raises for it; the probe still reads it.
    assert installed["numpy"][0]["version"] == "2.0.0"
    assert installed["numpy"][0]["metadata_error"] == "METADATA is not valid UTF-8"
    json.dumps(facts)  # JSON-ready, even with surrogates? (see test below for the export)


def test_diagnosis_and_every_export_work_on_a_broken_site(site: Path) -> None:
    from torchenv_magic.diagnosis import diagnose
    from torchenv_magic.render.html import report_to_html
    from torchenv_magic.render.markdown import report_to_markdown
    from torchenv_magic.render.text import report_to_text

    build_broken_site(site)
    report = diagnose(ImportError("No module named 'torch._C'", name="torch._C"), in_kernel=True)
    assert crashed(report.facts) == {}
    assert not [note for note in report.facts.get("notes", []) if "failed" in note], report.facts["notes"]
    for render in (report_to_text, report_to_markdown, report_to_html):
        render(report).encode("utf-8", "surrogateescape")
    json.dumps(report.to_dict(), default=str)


def test_cli_json_on_a_broken_site_is_valid_utf8_json(tmp_path: Path) -> None:
    """A non-UTF-8 file name must not make ``--json`` crash or print invalid UTF-8."""
    from .conftest import run_py

    site = tmp_path / "site"
    site.mkdir()
    build_broken_site(site)
    for args in (["--json"], ["--markdown"], []):
        result = run_py("-m", "torchenv_magic", *args, env={"PYTHONPATH": str(site)})
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    data = json.loads(run_py("-m", "torchenv_magic", "--json", env={"PYTHONPATH": str(site)}).stdout)
    assert crashed(data["facts"]) == {}


def test_strange_sys_path_entries(site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    a_file = tmp_path / "a-file.zip"
    a_file.write_bytes(b"PK\x03\x04 not really a zip")
    for entry in [
        "/no/such/dir",
        str(a_file),
        os.fsdecode(b"/tmp/non-utf8-\xff\xfe"),
        "",
        "relative/dir",
    ]:  # (a NUL in sys.path breaks every import in Python itself, so it is not tried here)
        monkeypatch.syspath_prepend(entry)
    write_dist(site, "torch-2.13.0.dist-info", meta("torch", "2.13.0+cpu"))
    facts = collect_facts()
    assert crashed(facts) == {}
    assert facts["packages"]["installed"]["torch"][0]["version"] == "2.13.0+cpu"


def test_bytes_sys_path_entry_breaks_no_probe(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dist(site, "torch-2.13.0.dist-info", meta("torch", "2.13.0+cpu"))
    monkeypatch.setattr(sys, "path", [*sys.path, b"/bytes/entry"])  # type: ignore[list-item]
    assert crashed(collect_facts()) == {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    name=st.sampled_from(["torch", "torchvision", "torchaudio", "numpy", "nvidia-cudnn-cu12", "detectron2"]),
    version=st.text(max_size=30),
    extra=st.binary(max_size=200),
    requires=st.lists(st.text(max_size=40), max_size=4),
)
def test_arbitrary_metadata_never_breaks_the_packages_probe(
    tmp_path_factory: pytest.TempPathFactory, name: str, version: str, extra: bytes, requires: list[str]
) -> None:
    site = tmp_path_factory.mktemp("site")
    text = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    write_dist(site, f"{name.replace('-', '_')}-0.dist-info", text.encode("utf-8", "surrogatepass") + extra)
    sys.path.insert(0, str(site))
    try:
        facts = collect_facts(["packages", "install_files", "torch_build", "cuda_wheels"])
    finally:
        sys.path.remove(str(site))
    assert crashed(facts) == {}


def test_non_pep440_versions_do_not_break_rules(site: Path) -> None:
    """Rules compare versions: a torch or torchvision with a version pip rejects must not crash them."""
    from torchenv_magic.diagnosis import diagnose

    for index, version in enumerate(BAD_VERSIONS):
        write_dist(site, f"torch-{index}.dist-info", meta("torch", version))
        write_dist(site, f"torchvision-{index}.dist-info", meta("torchvision", version, f"torch (=={version})"))
    write_dist(site, "torchvision-x.dist-info", meta("torchvision", "0.29.1", "torch (==not.a.version)"))
    report = diagnose(RuntimeError("operator torchvision::nms does not exist"), in_kernel=True)
    assert not [note for note in report.facts.get("notes", []) if "failed" in note], report.facts["notes"]
    assert packages.first(report.facts["packages"]["installed"], "torch") is not None


def test_non_utf8_torch_metadata_breaks_no_probe(site: Path) -> None:
    write_dist(site, "torch-2.14.1.dist-info", meta("torch", "2.14.1").encode() + b"Summary: \x80\xff\n")
    assert crashed(collect_facts()) == {}
