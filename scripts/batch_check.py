"""Tools for collecting a fresh batch of real reports (docs/explain-accuracy.md, "Fresh batches").

Two commands, neither of which runs ``explain`` (collectors must not see how the tool answers)::

    python scripts/batch_check.py cited > cited_sources.txt
        every public thread this project has already read: the corpus's ``# source:`` lines and
        every GitHub thread named in the code, tests and docs (as a URL or as ``owner/repo#N``),
        one URL a line. A collector skips these.

    python scripts/batch_check.py validate <folder> <split>
        checks a collector's files before they join tests/corpus/: the header and its fields,
        a known cause and family, a public GitHub thread no corpus file cites, no thread twice,
        no body already in the corpus. Exit status 1 with one line per problem.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
READ_BY_THE_PROJECT = [ROOT / "torchenv_magic", ROOT / "tests", ROOT / "docs", ROOT / "scripts"]

_THREAD_URL = re.compile(r"https://github\.com/([\w.-]+)/([\w.-]+)/(issues|pull|discussions)/(\d+)")
_THREAD_REF = re.compile(r"(?<![\w/.-])([A-Za-z0-9][\w.-]*)/([\w.-]+)#(\d+)\b")
_FIELDS = ("source", "platform", "expected", "confirmed_fix", "split", "family")
_OPTIONAL = ("packages",)
_PLATFORMS = {"linux", "windows", "macos"}
_PACKAGE = re.compile(r"^[A-Za-z0-9_.-]+=[A-Za-z0-9_.+!-]+$")


def causes() -> set[str]:
    return {path.name for path in CORPUS.iterdir() if path.is_dir()}


def families() -> set[str]:
    return {fields(path).get("family", "") for path in CORPUS.glob("*/*.txt")} - {""}


def fields(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    found = {}
    for line in head.splitlines():
        match = re.match(r"# (\w+): ?(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def body(path: Path) -> str:
    parts = path.read_text(encoding="utf-8").split("\n---\n", 1)
    return parts[1].strip() if len(parts) == 2 else ""


# Repositories that moved: GitHub redirects the old address, so both name one thread.
_MOVED = {"comfyanonymous/comfyui": "comfy-org/comfyui"}


def normalised(url: str) -> str:
    """One spelling per thread: issues and pull requests share their numbers on GitHub; a moved repository's old name."""
    match = _THREAD_URL.search(url)
    if not match:
        return url.strip().rstrip("/").lower()
    owner, repo, kind, number = match.groups()
    kind = "discussions" if kind == "discussions" else "issues"
    name = f"{owner}/{repo}".lower()
    return f"https://github.com/{_MOVED.get(name, name)}/{kind}/{number}"


def cited() -> set[str]:
    urls = {normalised(fields(path).get("source", "")) for path in CORPUS.glob("*/*.txt")}
    for folder in READ_BY_THE_PROJECT:
        for path in folder.rglob("*"):
            if path.suffix not in {".py", ".md", ".txt"} or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            urls.update(normalised(m.group(0)) for m in _THREAD_URL.finditer(text))
            urls.update(normalised(f"https://github.com/{o}/{r}/issues/{n}") for o, r, n in _THREAD_REF.findall(text))
    return urls - {""}


def problems(folder: Path, split: str) -> list[str]:
    known_causes, known_families, already = causes(), families(), cited()
    corpus_bodies = {body(path) for path in CORPUS.glob("*/*.txt")}
    found: list[str] = []
    sources: Counter[str] = Counter()
    for path in sorted(folder.glob("*.txt")):
        found.extend(f"{path.name}: {problem}" for problem in _file_problems(path, split, known_causes, known_families))
        source = normalised(fields(path).get("source", ""))
        sources[source] += 1
        if source in already:
            found.append(f"{path.name}: its thread is already cited or read by this project ({source})")
        if body(path) in corpus_bodies:
            found.append(f"{path.name}: its text is already a corpus text")
    found.extend(f"{url}: cited by {count} files of the batch" for url, count in sources.items() if count > 1)
    return found


def _file_problems(path: Path, split: str, known_causes: set[str], known_families: set[str]) -> list[str]:
    head = fields(path)
    out = [f"no '# {name}:' line" for name in _FIELDS if not head.get(name)]
    out += [f"unknown field '{name}'" for name in head if name not in _FIELDS + _OPTIONAL]
    if "\n---\n" not in path.read_text(encoding="utf-8") or not body(path):
        out.append("no text after the '---' line")
    if head.get("source") and not _THREAD_URL.fullmatch(head["source"].strip().rstrip("/")):
        out.append(f"source is not a public GitHub issue, pull request or discussion: {head['source']}")
    if head.get("platform") and head["platform"] not in _PLATFORMS:
        out.append(f"platform must be one of {sorted(_PLATFORMS)}")
    if head.get("expected") and head["expected"] not in known_causes:
        out.append(f"unknown cause '{head['expected']}' (one of tests/corpus/'s folders)")
    if head.get("split") and head["split"] != split:
        out.append(f"split is '{head['split']}', not '{split}'")
    if head.get("family") and head["family"] not in known_families:
        out.append(f"unknown family '{head['family']}' (one of {', '.join(sorted(known_families))})")
    out += [f"package '{item}' is not name=version" for item in head.get("packages", "").split() if not _PACKAGE.match(item)]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["cited"]:
        print("\n".join(sorted(cited())))
        return 0
    if len(argv) == 3 and argv[0] == "validate":
        found = problems(Path(argv[1]), argv[2])
        print("\n".join(found) if found else f"ok: {len(list(Path(argv[1]).glob('*.txt')))} files")
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
