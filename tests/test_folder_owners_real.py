"""A compiled module built for another torch, installed for real by pip under a folder whose name is not its
distribution's: the live diagnosis names the distribution that owns the folder and rebuilds it from where pip installed
it (a git repository at its commit, a local folder, a wheel file), read from the distribution's RECORD and PEP 610's
direct_url.json when the failure is captured (capture.py, probes/owners.py).

Nothing is faked: a tiny project with an in-tree build backend (no setuptools, no index) is installed by pip with
--target, its _C.so is compiled by gcc and asks for a torch symbol no library here defines, and the import fails in a
subprocess whose torchenv_magic.diagnose reads that failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from torchenv_magic.probes import owners

pytestmark = pytest.mark.skipif(not (shutil.which("gcc") and shutil.which("git")), reason="needs gcc and git")

FOLDER, DISTRIBUTION, VERSION = "demo_folder", "demo-owner-dist", "1.2.3"
# The symbol torch's c10 defines and every extension built against torch 2.x asks for (pytorch/xla#4133's message).
TORCH_SYMBOL = "_ZN3c106detail23torchInternalAssertFailEPKcS2_jS2_RKSs"

BACKEND = f'''
import base64, hashlib, os, zipfile

NAME, VERSION = "demo_owner_dist", "{VERSION}"


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    info = f"{{NAME}}-{{VERSION}}.dist-info"
    here = os.path.dirname(os.path.abspath(__file__))
    files = {{
        "{FOLDER}/__init__.py": b"",
        "{FOLDER}/_C.so": open(os.path.join(here, "{FOLDER}", "_C.so"), "rb").read(),
        f"{{info}}/METADATA": f"Metadata-Version: 2.1\\nName: {DISTRIBUTION}\\nVersion: {{VERSION}}\\n".encode(),
        f"{{info}}/WHEEL": b"Wheel-Version: 1.0\\nGenerator: backend\\nRoot-Is-Purelib: false\\nTag: py3-none-any\\n",
    }}
    record = "".join(f"{{path}},{{_digest(data)}},{{len(data)}}\\n" for path, data in files.items()) + f"{{info}}/RECORD,,\\n"
    name = f"{{NAME}}-{{VERSION}}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as whl:
        for path, data in files.items():
            whl.writestr(path, data)
        whl.writestr(f"{{info}}/RECORD", record)
    return name
'''


def _run(*command: str, cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, committed to a git repository of its own, with a _C.so that needs torch's c10."""
    root = tmp_path_factory.mktemp("owners") / "project"
    (root / FOLDER).mkdir(parents=True)
    (root / "pyproject.toml").write_text('[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n')
    (root / "backend.py").write_text(BACKEND)
    (root / FOLDER / "__init__.py").write_text("")
    source = root / "c.c"
    source.write_text(f"extern void {TORCH_SYMBOL}(void);\nvoid call(void) {{ {TORCH_SYMBOL}(); }}\n")
    _run("gcc", "-shared", "-fPIC", "-o", str(root / FOLDER / "_C.so"), str(source))
    _run("git", "init", "-q", cwd=root)
    _run("git", "add", "-A", cwd=root)
    _run("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "demo", cwd=root)
    return root


def _install(target: Path, spec: str) -> Path:
    """pip installing ``spec`` into ``target`` (a folder named site-packages, as every installed package's is)."""
    _run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target), spec)
    return target


def _wheel(project: Path, folder: Path) -> Path:
    """The project's wheel, built by pip into ``folder``."""
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(folder), str(project))
    return next(folder.glob("*.whl"))


def _commit(project: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _probe_in(target: Path) -> dict[str, object]:
    """owners.probe run where the installed folder is on sys.path, as it is in the kernel that imports it."""
    code = f"import json, sys; sys.path.insert(0, {str(target)!r}); from torchenv_magic.probes import owners; "
    code += f"print(json.dumps(owners.probe([{FOLDER!r}, 'not_installed_anywhere'])))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)["owners"]  # type: ignore[no-any-return]


def _diagnose_failed_import(target: Path) -> dict[str, object]:
    """The real import failing in a fresh interpreter, and the live diagnosis of it (the report as JSON)."""
    code = textwrap.dedent(
        f"""
        import json, sys
        sys.path.insert(0, {str(target)!r})
        from torchenv_magic.diagnosis import diagnose
        try:
            import {FOLDER}._C
        except ImportError as exc:
            report = diagnose(exc, probes=["python", "packages"])
            print(json.dumps(report.to_dict()))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120, env=env)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _extension_finding(report: dict[str, object]) -> dict[str, dict[str, str]]:
    """The extension's finding (in this test environment torch itself is not installed, which is found too)."""
    return next(f for f in report["findings"] if f["cause"] == "extension_abi_mismatch")  # type: ignore[attr-defined]


def test_a_git_install_names_its_repository_and_commit(project: Path, tmp_path: Path) -> None:
    target = _install(tmp_path / "site-packages", f"git+file://{project}")
    found = _probe_in(target)
    assert found == {
        FOLDER: {"distribution": DISTRIBUTION, "version": VERSION, "source": "git", "url": f"file://{project}", "commit": _commit(project)}
    }


def test_a_folder_install_names_its_folder(project: Path, tmp_path: Path) -> None:
    found = _probe_in(_install(tmp_path / "site-packages", str(project)))
    assert found[FOLDER] == {"distribution": DISTRIBUTION, "version": VERSION, "source": "folder", "path": str(project), "editable": False}


def test_a_wheel_file_install_is_an_archive(project: Path, tmp_path: Path) -> None:
    wheel = _wheel(project, tmp_path / "w")
    found = _probe_in(_install(tmp_path / "site-packages", str(wheel)))
    assert found[FOLDER]["source"] == "archive"  # type: ignore[index]
    assert found[FOLDER]["url"] == wheel.as_uri()  # type: ignore[index]


def test_an_index_install_has_no_direct_url() -> None:
    # pytest itself came from the package index into this environment: no direct_url.json.
    assert owners.probe(["_pytest"])["owners"]["_pytest"]["source"] == "index"
    assert owners.probe([])["owners"] == {}


def test_the_live_diagnosis_rebuilds_the_owner_from_its_commit(project: Path, tmp_path: Path) -> None:
    target = _install(tmp_path / "site-packages", f"git+file://{project}")
    report = _diagnose_failed_import(target)
    assert report["facts"]["capture"]["folder_owners"]["owners"][FOLDER]["distribution"] == DISTRIBUTION  # type: ignore[index]
    top = _extension_finding(report)
    assert f"git+file://{project}@{_commit(project)}" in top["fix"]["code"]
    assert "--no-build-isolation" in top["fix"]["code"] and "--force-reinstall" in top["fix"]["code"]
    assert f"{FOLDER} was installed by {DISTRIBUTION} {VERSION}" in top["fix"]["note"]


def test_the_live_diagnosis_sends_a_folder_install_back_to_its_folder(project: Path, tmp_path: Path) -> None:
    report = _diagnose_failed_import(_install(tmp_path / "site-packages", str(project)))
    top = _extension_finding(report)
    assert top["fix"]["kind"] == "manual"
    assert top["fix"]["code"].startswith(f"In {project}, the folder {DISTRIBUTION} was installed from")


def test_an_index_install_is_rebuilt_from_the_same_release_s_source() -> None:
    from torchenv_magic.diagnosis import diagnose_facts

    # Real facts of this environment (pytest came from the index); the failure's text is a loader's message for its folder.
    found = owners.probe(["_pytest"])
    version = found["owners"]["_pytest"]["version"]
    text = f"ImportError: /env/lib/python3.11/site-packages/_pytest/_C.so: undefined symbol: {TORCH_SYMBOL}"
    capture = {"type": "ImportError", "message": text, "tb_files": [], "text": text, "folder_owners": found}
    top = _extension_finding(diagnose_facts({}, capture).to_dict())
    assert f"--no-binary pytest pytest=={version}" in top["fix"]["code"]
    assert "_pytest was installed by pytest" in top["fix"]["note"]


def test_a_wheel_file_install_is_not_rebuilt_from_that_wheel(project: Path, tmp_path: Path) -> None:
    wheel = _wheel(project, tmp_path / "w")
    top = _extension_finding(_diagnose_failed_import(_install(tmp_path / "site-packages", str(wheel))))
    assert top["fix"]["kind"] == "manual" and f"Install a wheel of {DISTRIBUTION} built for the installed torch" in top["fix"]["code"]
    assert wheel.name in top["fix"]["note"]


def test_only_a_compiled_module_outside_the_family_asks_for_its_owner() -> None:
    from torchenv_magic.capture import native_module_folders

    loader = "ImportError: /env/lib/python3.10/site-packages/MinkowskiEngineBackend/_C.cpython-310-x86_64-linux-gnu.so: x\n"
    assert native_module_folders(loader) == {"minkowskienginebackend"}
    windows = "ImportError: DLL load failed while importing _C: C:\\env\\Lib\\site-packages\\Foo\\_C.pyd\n"
    assert native_module_folders(windows) == {"foo"}
    # torch's own libraries, and Python files of other packages, are not looked up.
    assert native_module_folders("OSError: /env/lib/python3.10/site-packages/torch/lib/libc10.so: x\n") == set()
    assert native_module_folders('  File "/env/lib/python3.10/site-packages/transformers/__init__.py", line 1\n') == set()
