"""Which installed distribution owns a folder of site-packages, and where it was installed from.

A failing compiled module names its folder (``.../site-packages/MinkowskiEngineBackend/_C.so``), not the distribution
that installed it, and the two names often differ. A fix that rebuilds it must name the distribution, and build it from
where it came from: the index, a git repository, an archive or a local folder (PEP 610's ``direct_url.json``, which pip
writes for every install not from an index). Read only for the folders a captured failure shows, after the failure:
reading every distribution's file list costs tens of milliseconds in a large environment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import metadata
from typing import Any
from urllib.parse import unquote, urlparse

from . import dists
from .packages import normalize


def probe(folders: Iterable[str]) -> dict[str, Any]:
    """``{"owners": {folder (lower case): owner}}`` for the folders some installed distribution provides.

    An owner is ``{"distribution", "version", "source"}``, ``source`` being ``index``, ``git``, ``archive`` or ``folder``;
    ``url`` (git, archive), ``commit`` and ``subdirectory`` (git), ``path`` (folder) and ``editable`` say more.
    """
    wanted = {folder.lower() for folder in folders if folder}
    owners: dict[str, dict[str, Any]] = {}
    for dist in metadata.distributions(path=dists.search_path()) if wanted else ():
        found = wanted & _top_folders(dist)
        if not found:
            continue
        owner = _owner(dist)
        if owner is not None:
            for folder in found:
                owners.setdefault(folder, owner)  # the first on sys.path is the one imported
        if wanted <= owners.keys():
            break
    return {"owners": owners}


def _top_folders(dist: metadata.Distribution) -> set[str]:
    """The top-level folders a distribution installed: top_level.txt where setuptools wrote one, else its RECORD."""
    listed = dists.read_text(dist, "top_level.txt")
    if listed:
        return {line.strip().lower() for line in listed.splitlines() if line.strip()}
    record = dists.read_text(dist, "RECORD") or ""
    tops = set()
    for line in record.splitlines():
        path = line.split(",", 1)[0].strip().strip('"')
        top, sep, _ = path.replace("\\", "/").partition("/")
        if sep and top and top != ".." and not top.endswith((".dist-info", ".data")):
            tops.add(top.lower())
    return tops


def _owner(dist: metadata.Distribution) -> dict[str, Any] | None:
    try:
        meta: Any = dist.metadata
    except Exception:  # noqa: BLE001 - a broken METADATA: the folder is owned by a distribution nobody can name
        return None
    name = dists.header(meta, "Name")
    if not name:
        return None
    owner: dict[str, Any] = {"distribution": normalize(name), "version": dists.header(meta, "Version") or "", "source": "index"}
    owner.update(_origin(dists.read_text(dist, "direct_url.json")))
    return owner


def _origin(direct_url: str | None) -> dict[str, Any]:
    """Where a distribution not from an index came from (PEP 610); {} for an index install or an unreadable file."""
    try:
        data = json.loads(direct_url) if direct_url else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return {}
    url: str = data["url"]
    vcs, folder = data.get("vcs_info"), data.get("dir_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        origin: dict[str, Any] = {"source": "git", "url": url, "commit": str(vcs.get("commit_id") or "")}
        if data.get("subdirectory"):
            origin["subdirectory"] = str(data["subdirectory"])
        return origin
    if isinstance(folder, dict) and url.startswith("file://"):
        return {"source": "folder", "path": _file_url_path(url), "editable": bool(folder.get("editable"))}
    if "archive_info" in data:
        return {"source": "archive", "url": url}
    return {}


def _file_url_path(url: str) -> str:
    """A file: URL's path as the platform writes it (file:///C:/src/x is C:/src/x on Windows)."""
    path = unquote(urlparse(url).path)
    return path[1:] if re.match(r"^/[A-Za-z]:[/\\]", path) else path
