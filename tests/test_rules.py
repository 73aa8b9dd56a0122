"""The rules' Context: what every rule reads from the probes' facts, derived in one place."""

from __future__ import annotations

from torchenv_magic.rules import Context

TORCH_META = {"name": "torch", "version": "2.13.0", "local": None, "location": "/env/torch-2.13.0.dist-info"}
PACKAGES = {"installed": {"torch": [TORCH_META]}}


def test_torch_version_prefers_version_py_then_metadata() -> None:
    both = Context(facts={"torch_build": {"version_file": {"__version__": "2.13.0+cpu"}}, "packages": PACKAGES})
    assert (both.torch_on_disk, both.torch_version) == ("2.13.0+cpu", "2.13.0+cpu")
    metadata_only = Context(facts={"torch_build": {"found": False}, "packages": PACKAGES})
    assert (metadata_only.torch_on_disk, metadata_only.torch_version) == (None, "2.13.0")
    assert Context(facts={}).torch_version == ""


def test_installer_and_os_name_defaults() -> None:
    assert (Context(facts={}).installer, Context(facts={}).os_name) == ("pip", "linux")
    uv_windows = Context(facts={"python": {"installer": "uv", "os": "Windows"}})
    assert (uv_windows.installer, uv_windows.os_name) == ("uv", "windows")
    # A probe that failed counts as no facts, not as a dict to read from.
    assert Context(facts={"python": {"probe_error": "timed out after 1 s", "installer": "uv"}}).installer == "pip"
