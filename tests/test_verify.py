"""``torchenv verify``: a fake site-packages with RECORDs written here, damaged file by file."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from torchenv_magic import cli
from torchenv_magic.render.progress import TerminalLine, WidgetIndicator, meter_for
from torchenv_magic.verify import check, exit_status, progress_text, verify, verify_with_progress
from torchenv_magic.verify.plan import parse_record, targets
from torchenv_magic.verify.result import to_html, to_text

TORCH_FILES = {
    "torch/__init__.py": b"import torch._C\n",
    "torch/lib/libc10.so": b"\x7fELF" + bytes(3000),
    "torch/nn/__init__.py": b"# nn\n",
    "torch/version.py": b"__version__ = '2.13.0+cpu'\n",
    "functorch/__init__.py": b"",
}


def digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_dist(site: Path, name: str, version: str, files: dict[str, bytes], requires: tuple[str, ...] = ()) -> None:
    """Install ``files`` as a wheel would: the files, METADATA and a RECORD listing them all."""
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    meta = "".join(f"Requires-Dist: {line}\n" for line in requires)
    files = {**files, f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{meta}".encode()}
    lines = []
    for path, data in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
        lines.append(f"{path},sha256={digest(data)},{len(data)}")
    lines += [f"{info}/RECORD,,", f"{name.split('-')[0]}/__pycache__/__init__.cpython-311.pyc,,"]
    (site / info / "RECORD").write_text("\n".join(lines) + "\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site-packages holding torch 2.13.0+cpu alone, first on sys.path."""
    folder = tmp_path / "site-packages"
    make_dist(folder, "torch", "2.13.0+cpu", TORCH_FILES)
    monkeypatch.setattr(sys, "path", [str(folder), *sys.path])
    return folder


def test_hash_is_written_as_record_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * (check.CHUNK * 2 + 5))
    chunks: list[int] = []
    assert check.hash_file(str(path), chunks.append) == digest(b"x" * (check.CHUNK * 2 + 5))
    assert chunks == [check.CHUNK, check.CHUNK, 5]


def test_parse_record() -> None:
    entries = parse_record('torch/a.py,sha256=abc,12\n"torch/b,c.py",sha256=def,3\ntorch-2.dist-info/RECORD,,\n\n')
    assert [(e.path, e.digest, e.size) for e in entries] == [
        ("torch/a.py", "abc", 12),
        ("torch/b,c.py", "def", 3),
        ("torch-2.dist-info/RECORD", None, None),
    ]


def test_intact_install_is_ok(site: Path) -> None:
    (site / "torch" / "__pycache__").mkdir()
    (site / "torch" / "__pycache__" / "nn.cpython-311.pyc").write_bytes(b"cache")  # bytecode is never extra
    result = verify()
    assert result.ok and not result.interrupted
    (torch,) = result.distributions
    assert (torch.name, torch.version, torch.status, torch.extra) == ("torch", "2.13.0+cpu", "ok", ())
    assert result.files_checked == result.files_total == len(TORCH_FILES) + 3
    assert result.bytes_hashed == result.bytes_total == sum(map(len, TORCH_FILES.values())) + len(_metadata(site))
    assert exit_status(result) == 0
    assert to_text(result).startswith("torchenv verify: OK: all 8 files of 1 distribution match their RECORD")


def _metadata(site: Path) -> bytes:
    return next(site.glob("torch-*.dist-info")).joinpath("METADATA").read_bytes()


def test_missing_changed_and_extra_files(site: Path) -> None:
    (site / "torch/nn/__init__.py").unlink()
    (site / "torch/lib/libc10.so").write_bytes(b"\x7fELF")  # truncated
    (site / "torch/version.py").write_bytes(b"__version__ = '2.99.0+cpu'\n")  # same size, other bytes
    (site / "torch/stray.py").write_text("x = 1\n")
    (site / "functorch/notes.txt").write_text("left behind\n")
    make_dist(site, "torch-addon", "1.0", {"torch/addon/__init__.py": b""})  # another wheel's file: not extra
    result = verify(plan=[t for t in targets() if t.name == "torch"]).with_fixes(in_kernel=False)
    (torch,) = result.distributions
    assert torch.missing == ("torch/nn/__init__.py",)
    assert [(c.path, c.reason, c.expected_size, c.actual_size) for c in torch.changed] == [
        ("torch/lib/libc10.so", "size", 3004, 4),
        ("torch/version.py", "hash", 27, 27),
    ]
    assert torch.extra == ("functorch/notes.txt", "torch/stray.py")
    assert not result.ok and exit_status(result) == 1
    assert torch.fix is not None
    assert torch.fix.code.endswith(
        "-m pip install --force-reinstall torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"
    )
    text = to_text(result)
    assert text.startswith("torchenv verify: DAMAGED: torch")
    assert "missing  torch/nn/__init__.py" in text and "libc10.so: 4 bytes, RECORD says 3,004" in text
    assert "extra    torch/stray.py" in text


def test_extra_files_only_are_reported_but_ok(site: Path) -> None:
    (site / "torch/stray.py").write_text("x = 1\n")
    result = verify()
    assert result.ok and result.distributions[0].extra == ("torch/stray.py",)
    assert exit_status(result) == 0


def test_nvidia_wheels_torch_requires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "site-packages"
    requires = ("nvidia-cublas==13.1", "nvidia-cuda-runtime==13.0", "nvidia-cudnn-cu13==9.1", "nvidia-nccl-cu13==2.3")
    make_dist(folder, "torch", "2.14.1", TORCH_FILES, requires)
    make_dist(folder, "nvidia-cublas", "13.1", {"nvidia/cu13/lib/libcublas.so.13": b"blas"})
    make_dist(folder, "nvidia-cuda-runtime", "13.0", {"nvidia/cu13/lib/libcudart.so.13": b"rt"})
    make_dist(folder, "nvidia-cudnn-cu13", "9.1", {"nvidia/cudnn/lib/libcudnn.so.9": b"dnn"})
    (folder / "nvidia/cu13/lib/libstray.so").write_bytes(b"?")  # a folder two wheels share: no one's extra
    (folder / "nvidia/cudnn/lib/libold.so.8").write_bytes(b"?")  # cudnn's own folder: its extra
    monkeypatch.setattr(sys, "path", [str(folder), *sys.path])
    result = verify().with_fixes(in_kernel=True)
    by_name = {dist.name: dist for dist in result.distributions}
    assert list(by_name) == ["torch", "nvidia-cublas", "nvidia-cuda-runtime", "nvidia-cudnn-cu13", "nvidia-nccl-cu13"]
    assert by_name["nvidia-cudnn-cu13"].extra == ("nvidia/cudnn/lib/libold.so.8",)
    assert by_name["nvidia-cublas"].extra == () and by_name["nvidia-cuda-runtime"].extra == ()
    nccl = by_name["nvidia-nccl-cu13"]
    assert nccl.status == "not installed" and not result.ok
    assert nccl.fix is not None and nccl.fix.code == "%pip install nvidia-nccl-cu13==2.3"
    assert by_name["torch"].fix is None  # intact: nothing to reinstall


def test_ctrl_c_stops_cleanly_with_a_partial_summary(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(site, "torchvision", "0.28.0+cpu", {"torchvision/__init__.py": b"import torch\n"})
    (site / "torch/nn/__init__.py").unlink()  # found before the interrupt
    calls: list[str] = []
    real = check.hash_file

    def interrupted_hash(path: str, on_chunk: check.Callable[[int], None]) -> str:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, on_chunk)

    monkeypatch.setattr(check, "hash_file", interrupted_hash)
    result = verify()
    assert result.interrupted
    torch, torchvision = result.distributions
    assert torch.note == "interrupted" and torch.missing == ("torch/nn/__init__.py",)
    assert 0 < torch.checked < torch.files
    assert (torchvision.note, torchvision.checked) == ("not checked", 0)
    assert result.files_checked < result.files_total
    assert to_text(result).startswith("torchenv verify: INTERRUPTED after ")
    assert exit_status(result) == 1  # a missing file was found before Ctrl-C
    (site / "torch/nn/__init__.py").write_bytes(TORCH_FILES["torch/nn/__init__.py"])
    calls.clear()
    assert exit_status(verify()) == 130  # interrupted, nothing found yet


def test_json_shape(site: Path) -> None:
    (site / "torch/nn/__init__.py").unlink()
    data = json.loads(json.dumps(verify().with_fixes(in_kernel=False).to_dict()))
    assert set(data) == {
        "schema_version", "ok", "interrupted", "elapsed_s", "files_checked", "files_total", "bytes_hashed", "bytes_total", "distributions",
    }  # fmt: skip
    (torch,) = data["distributions"]
    assert set(torch) == {
        "name", "version", "site", "files", "checked", "missing", "changed", "extra", "note", "requirement", "fix", "status",
    }  # fmt: skip
    assert (data["schema_version"], data["ok"], torch["status"], torch["missing"]) == (1, False, "damaged", ["torch/nn/__init__.py"])
    assert set(torch["fix"]) == {"kind", "code", "note", "restart_kernel"}


def test_progress_reports_fraction_and_estimate(site: Path) -> None:
    seen: list[tuple[float, str]] = []
    verify(lambda progress: seen.append((progress.fraction, progress_text(progress))), interval_s=0.0)
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert " GB  " in seen[-1][1] and "/ 8 files" in seen[-1][1]


def test_terminal_progress_is_one_line_rewritten_in_place() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    meter = meter_for(None, "verifying", stream)
    assert isinstance(meter, TerminalLine)
    meter.show(0.5, "1 / 2 GB")
    meter.close()
    assert stream.getvalue() == "\rtorchenv: verifying  50%  1 / 2 GB\x1b[K\r\x1b[K"
    log = io.StringIO()  # not a terminal: the label once, no updates
    meter_for(None, "verifying", log).show(0.5, "1 / 2 GB")
    assert log.getvalue() == "torchenv: verifying…\n"


def test_html_escapes_paths(site: Path) -> None:
    (site / "torch/<b>.py").write_text("")
    html = to_html(verify())
    assert "torch/&lt;b&gt;.py" in html and "<b>.py" not in html


def test_verify_with_progress_closes_the_meter(site: Path) -> None:
    log = io.StringIO()
    result = verify_with_progress(None, in_kernel=False, stream=log)
    assert result.ok and log.getvalue() == "torchenv: verify…\n"


# --- the CLI and the magic ----------------------------------------------------------------------


def test_cli_exit_codes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verify"]) == 0
    assert capsys.readouterr().out.startswith("torchenv verify: OK")
    (site / "torch/lib/libc10.so").unlink()
    assert cli.main(["verify", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["distributions"][0]["missing"] == ["torch/lib/libc10.so"]
    with pytest.raises(SystemExit) as usage:
        cli.main(["verify", "--bogus"])
    assert usage.value.code == 2


def test_cli_ctrl_c_prints_no_traceback(site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(path: str, on_chunk: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "hash_file", interrupt)
    assert cli.main(["verify"]) == 130
    captured = capsys.readouterr()
    assert captured.out.startswith("torchenv verify: INTERRUPTED before any file was checked")
    assert "Traceback" not in captured.err


def test_cli_runs_as_a_module_with_no_torch() -> None:
    """This test interpreter has no torch: nothing to check, and that is not a failure."""
    result = subprocess.run([sys.executable, "-m", "torchenv_magic", "verify"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("torchenv verify: ")


def test_magic(site: Path, shell: InteractiveShell) -> None:
    data = shell.run_line_magic("torchenv", "verify --json")
    assert data["ok"] is True and data["distributions"][0]["name"] == "torch"
    assert data["distributions"][0]["fix"] is None
    (site / "torch/version.py").unlink()
    data = shell.run_line_magic("torchenv", "verify --json")
    assert data["distributions"][0]["fix"]["code"].startswith("%pip install --force-reinstall torch==2.13.0+cpu --no-deps")
    with pytest.raises(UsageError):
        shell.run_line_magic("torchenv", "verify --fast")


def test_loading_the_extension_does_not_import_verify() -> None:
    code = (
        "import sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "import torchenv_magic\n"
        "torchenv_magic.load_ipython_extension(InteractiveShell.instance())\n"
        "print(sorted(m for m in sys.modules if m.startswith('torchenv_magic.verify')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert "torchenv_magic.verify" not in result.stdout


def test_kernel_progress_is_a_widget_bar() -> None:
    class KernelShell:
        kernel = object()

    meter = meter_for(KernelShell(), "verify")
    assert isinstance(meter, WidgetIndicator)
    meter.show(0.25, "1.00 / 4.00 GB  ~3 s left")
    assert meter.bar.value == 0.25 and meter.text.value == "torchenv: verify 1.00 / 4.00 GB  ~3 s left"
    meter.close()
