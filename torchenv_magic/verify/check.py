"""The check itself: each RECORD entry stat-ed and hashed in 1 MiB chunks, Ctrl-C safe.

Hashing runs in the caller's thread, so Ctrl-C (a ``KeyboardInterrupt``) lands in the loop
and ends it with what was checked so far. Progress goes to a callback, at most every
``interval_s`` seconds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .plan import Entry, Target, is_cache_file, listed_in_site, owned_roots, targets, unlisted_files
from .result import Changed, DistResult, VerifyResult

CHUNK = 1 << 20


@dataclass
class Progress:
    """Where the check is: bytes count each file's RECORD size once it is done (hashed or not)."""

    files_total: int
    bytes_total: int
    files_done: int = 0
    bytes_done: int = 0
    bytes_hashed: int = 0
    current: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def fraction(self) -> float:
        return min(self.bytes_done / self.bytes_total, 1.0) if self.bytes_total else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the rate hashed so far; None until there is a rate to go by."""
        elapsed = self.elapsed_s
        if self.bytes_hashed < CHUNK or elapsed < 0.2:
            return None
        return max(self.bytes_total - self.bytes_done, 0) / (self.bytes_hashed / elapsed)


Reporter = Callable[[Progress], None]


def verify(reporter: Reporter | None = None, *, interval_s: float = 0.1, plan: list[Target] | None = None) -> VerifyResult:
    """Check every file of :func:`~torchenv_magic.verify.plan.targets` (or ``plan``) against RECORD."""
    started = time.monotonic()
    try:
        plan = targets() if plan is None else plan
    except KeyboardInterrupt:  # Ctrl-C while reading the RECORDs: nothing checked yet
        return VerifyResult((), True, time.monotonic() - started, 0, 0, 0, 0)
    progress = Progress(
        started=started,
        files_total=sum(len(t.entries) for t in plan),
        bytes_total=sum(t.total_bytes for t in plan),
    )
    run = _Run(progress, reporter or (lambda _: None), interval_s)
    results: list[DistResult] = []
    interrupted = False
    try:
        roots = owned_roots(plan)
        for target in plan:
            results.append(run.target(target, roots.get(target.name, [])))
    except KeyboardInterrupt:
        interrupted = True
        if run.partial is not None:
            results.append(run.partial.finish(interrupted=True))
        results += [DistResult(t.name, t.version, t.site, files=len(t.entries), note="not checked") for t in plan[len(results) :]]
    run.report(force=True)
    return VerifyResult(
        distributions=tuple(results),
        interrupted=interrupted,
        elapsed_s=progress.elapsed_s,
        files_checked=progress.files_done,
        files_total=progress.files_total,
        bytes_hashed=progress.bytes_hashed,
        bytes_total=progress.bytes_total,
    )


class _Partial:
    """One distribution's findings so far (what an interrupted run still reports)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.missing: list[str] = []
        self.changed: list[Changed] = []
        self.extra: list[str] = []
        self.checked = 0

    def finish(self, *, interrupted: bool = False) -> DistResult:
        t = self.target
        return DistResult(
            t.name,
            t.version,
            t.site,
            files=len(t.entries),
            checked=self.checked,
            missing=tuple(self.missing),
            changed=tuple(self.changed),
            extra=tuple(self.extra),
            note="interrupted" if interrupted else t.note,
            requirement=t.requirement,
        )


class _Run:
    def __init__(self, progress: Progress, reporter: Reporter, interval_s: float) -> None:
        self.progress, self.reporter, self.interval_s = progress, reporter, interval_s
        self.last_report = 0.0
        self.partial: _Partial | None = None
        self.listed: dict[str, set[str]] = {}

    def report(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_report >= self.interval_s:
            self.last_report = now
            self.reporter(self.progress)

    def target(self, target: Target, roots: list[str]) -> DistResult:
        self.partial = partial = _Partial(target)
        for entry in target.entries:
            self.progress.current = entry.path
            self.report()
            _check_entry(target.site, entry, partial, self)
            partial.checked += 1
            self.progress.files_done += 1
            self.progress.bytes_done += (entry.size or 0) if entry.digest else 0
        partial.extra = self.extras(target, roots)
        self.partial = None
        return partial.finish()

    def extras(self, target: Target, roots: list[str]) -> list[str]:
        listed = {entry.path for entry in target.entries}
        found = [path for root in roots for path in unlisted_files(target.site, root, listed)]
        if found:  # a file another wheel put into this one's folder is not extra
            if target.site not in self.listed:
                self.listed[target.site] = listed_in_site(target.site)
            found = [path for path in found if path not in self.listed[target.site]]
        return found

    def hashed(self, count: int) -> None:
        self.progress.bytes_hashed += count
        self.report()


def _check_entry(site: str, entry: Entry, partial: _Partial, run: _Run) -> None:
    if entry.digest is None and is_cache_file(entry.path):
        return
    path = os.path.normpath(os.path.join(site, entry.path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        partial.missing.append(entry.path)
        return
    except (OSError, ValueError) as exc:  # NotADirectoryError, PermissionError on a folder, ...
        partial.changed.append(Changed(entry.path, f"unreadable ({type(exc).__name__})", entry.size, None))
        return
    if not stat.S_ISREG(info.st_mode):
        partial.changed.append(Changed(entry.path, "not a file", entry.size, None))
    elif entry.size is not None and info.st_size != entry.size:
        partial.changed.append(Changed(entry.path, "size", entry.size, info.st_size))
    elif entry.digest is not None:
        _compare_hash(path, entry, partial, run)


def _compare_hash(path: str, entry: Entry, partial: _Partial, run: _Run) -> None:
    try:
        digest = hash_file(path, run.hashed)
    except OSError as exc:
        partial.changed.append(Changed(entry.path, f"unreadable ({type(exc).__name__})", entry.size, None))
        return
    if digest != entry.digest:
        partial.changed.append(Changed(entry.path, "hash", entry.size, entry.size))


def hash_file(path: str, on_chunk: Callable[[int], None]) -> str:
    """The file's sha256 as RECORD writes it (urlsafe base64, no padding), read 1 MiB at a time."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while True:
            count = handle.readinto(buffer)
            if not count:
                break
            digest.update(view[:count])
            on_chunk(count)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")
