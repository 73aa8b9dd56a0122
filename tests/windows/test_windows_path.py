"""What the Windows loader really does with same-named DLLs elsewhere, under Wine (issue 15, point 2).

torch loads each torch\\lib DLL with LoadLibraryExW and search flags that leave PATH out, so
copies of its DLLs in a folder first on PATH are not used, and the diagnosis says so (a note,
not an error). A copy already loaded by full path (as another package's import loads it) is
what torch's DLLs bind to: the loader reuses a loaded module of the same name, and the
windows probe sees it loaded from the other folder.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.windows.cases import Outcome

Get = Callable[[str], Outcome]


def _windows_findings(result: Outcome) -> list[dict]:
    return [finding for finding in result.report["findings"] if finding["cause"] == "windows_dll_dependency"]


def test_copies_first_on_path_are_not_used(outcome: Get) -> None:
    result = outcome("path_copies")
    assert result.failed.get("error") is None, result.failed  # torch loaded its own DLLs
    facts = result.report["facts"]["windows"]
    assert facts["torch_loader"] == "search_flags"
    (conflict,) = facts["path_conflicts"]
    assert conflict["folder"].endswith("other_lib") and conflict["dlls"] == ["c10.dll", "uv.dll"]
    assert conflict["loaded_here"] == []
    paths = [lib["path"].lower() for lib in result.report["facts"]["loaded_libs"]["libs"]]
    assert any(path.endswith("\\torch\\lib\\c10.dll") for path in paths)
    assert not any("other_lib" in path for path in paths)
    (finding,) = _windows_findings(result)
    assert finding["severity"] == "info" and finding["fix"] is None


def test_a_copy_loaded_first_is_the_one_torch_uses(outcome: Get) -> None:
    result = outcome("path_copy_loaded")
    assert result.failed.get("error") is None, result.failed
    # torch then loads torch\\lib\\uv.dll by its full path too (a second module), but its DLLs that
    # import uv.dll by name were bound to the one loaded first: "If a DLL with the same module
    # name is already loaded in memory, the system uses the loaded DLL, no matter which
    # directory it is in" (Microsoft Learn, "Dynamic-link library search order").
    (conflict,) = result.report["facts"]["windows"]["path_conflicts"]
    assert conflict["loaded_here"] == ["uv.dll"]
    (finding,) = _windows_findings(result)
    assert finding["title"].startswith("uv.dll is loaded in this process from ")
    assert finding["severity"] == "warning" and finding["fix"]["kind"] == "python"
