"""The error text as the rules see it: capped, split into lines, with small helpers.

A pasted traceback can be megabytes (a whole training log). The cause is nearly always
in the last lines (the final exception) or the first (a warning printed before it), so
only the first ``HEAD_BYTES`` and the last ``TAIL_BYTES`` are scanned. Every pattern the
rules use is linear: no nested quantifiers, every open-ended run bounded, so that no
input can make a regex backtrack for long.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from .. import versions
from .prefilter import may_match

HEAD_CHARS = 20_000
TAIL_CHARS = 200_000
EVIDENCE_CHARS = 240

# `File "/x/site-packages/torch/__init__.py", line 3` (CPython; a Windows script may be a .pyw) and `File /x/torch/__init__.py:148`
# (IPython 8) and `/x/torch/__init__.py:148 in <module>` (rich) and `~/x/torch/__init__.py in <module>()`
# (IPython 7; IPython 5 under Python 2 names the `.pyc`, and Colab's `[/x/torchvision/ops.py](https://localhost:8080/#) in wrapper(fn)`).
# Paths are bounded runs.
_FRAME = re.compile(
    r'File "?([^"\n]{1,400}?\.py[xw]?)"?(?:, line |:)\d{1,7}|^\s{0,8}(\S{1,400}?\.py):\d{1,7} in '
    r"|^\s{0,8}\[?(\S{1,400}?\.pyc?)\]?(?:\([^)\s]{0,200}\))? in [<\w]"
    # A paste that starts inside its first frame line, cut before File " (dmlc/gluon-cv#1238:
    # 'AppData\Local\...\site-packages\gluoncv\...\faster_rcnn.py", line 10, in <module>').
    r'|\A\s{0,8}([^"\s][^"\n]{0,400}?\.py)", line \d{1,7}, in ',
    re.M,
)
# VS Code's debugger, above the message and its frames (seaborn#2374, mmcv#2201).
_EDITOR_EXCEPTION_HEADER = re.compile(r"^Exception has occurred: \w{1,80}$", re.M)
_TRACEBACK_HEADER = re.compile(r"Traceback \(most recent call last\)")
# What follows a frame line that is not its code line: the exception, or the next traceback's header.
_NOT_CODE = re.compile(r"\w{0,60}(?:Error|Exception|Warning|Exit|Interrupt)\b|" + _TRACEBACK_HEADER.pattern)
# The suffixes of a module's source file: Windows' importlib imports a .pyw file as a module too (SOURCE_SUFFIXES there;
# a script glooey.pyw answers `import glooey`: kalekundert/glooey#19, run for real under Wine's Windows CPython 3.11).
SOURCE_SUFFIXES = (".py", ".pyw")
# A traceback printed by IPython in a notebook: `<ipython-input-3-...>` (IPython < 8), `Cell In[3]` and
# `/tmp/ipykernel_123/...` (IPython 8), Colab's `https://localhost:8080/` frame links.
_NOTEBOOK_HINT = re.compile(r"<ipython-input-\d{1,6}-|\bCell In\s?\[\d{1,6}\]|/ipykernel_\d{1,9}/|https://localhost:8080/")
_WINDOWS_HINT = re.compile(r"\[WinError \d{1,5}\]|\.dll\b|\b[A-Za-z]:\\|\\site-packages\\|\bwin_amd64\b|\bwin32\b", re.I)
_MACOS_HINT = re.compile(r"\.dylib\b|/Users/[^/\s]{1,80}/|\bmacosx_\d", re.I)
_LINUX_HINT = re.compile(r"\.so(?:\.\d{1,4}){0,4}\b|/home/|/usr/lib|\bmanylinux|\blinux_x86_64\b|/opt/conda", re.I)
# Import names whose PyPI distribution has another name (each package's own PyPI page): what installs them. Here, so that the
# rules need no explainer module to import it.
DISTRIBUTION_OF = {
    "cv2": "opencv-python",
    "PIL": "pillow",
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "yaml": "pyyaml",
    "bs4": "beautifulsoup4",
    "llama_cpp": "llama-cpp-python",
}
# python.org's Windows installer puts a 32-bit Python in PythonXY-32 (c:\program files (x86)\python38-32:
# pytorch/pytorch#37379). explainer/windows_dll.py and rules/wheels.py read it; it is here so that the rules need no
# explainer module to import it.
PYTHON_32_FOLDER = re.compile(r"[Pp]ython3(\d{1,2})-32[\\/]")
# The CPython of a traceback's site-packages: lib/python3.7/site-packages (Linux, macOS), Python37\Lib\site-packages or
# Python37-32\lib\site-packages (python.org's Windows folders).
_SITE_PACKAGES_PYTHON = re.compile(
    r"[/\\][Pp]ython3\.?(\d{1,2})(?:-32)?[/\\][Ll]ib[/\\]site-packages[/\\]|/lib/python3\.(\d{1,2})/(?:site|dist)-packages/"
)
# Python's own modules: the import system's frozen ones, lib/pythonX.Y (Linux, macOS), Lib\ (Windows; the
# capital L keeps a project's or a package's own lib/ folder out), importlib wherever it is printed from.
# A Windows Python's own folder may be printed in lower case ("C:\\Program Files\\Python39\\lib\\contextlib.py":
# ImprintLab/Medical-SAM-Adapter#116), and conda's base or environments keep it in <prefix>\\lib on Windows.
_STANDARD_LIBRARY = re.compile(
    # lib64 too: Fedora's and RHEL's system Python keeps its standard library in /usr/lib64/pythonX.Y (a cron job's
    # /usr/lib64/python2.7/runpy.py frames: hydro-yield/buhayra#5).
    r"^<frozen|/lib(?:64)?/python\d\.\d{1,2}/|(?-i:/Lib/)|/importlib/|/python\d{2,3}(?:-32)?/lib/"
    r"|/(?:ana|mini)(?:conda|forge)\d?/(?:envs/[^/]{1,80}/)?lib/",
    re.I,
)
_INSTALLED_PACKAGES = re.compile(r"/(?:site|dist)-packages/", re.I)
# An import statement on its own line: typed at Python's prompt (">>> ") or in an IPython cell ("In [3]: "), or a
# script's line as the traceback shows it (indented under its frame; pytest marks the failing line with ">":
# pybind/pybind11#357). Several readings ask which module the user imported, and where: they read this one list.
_IMPORT_STATEMENT = re.compile(r"^(>?[ \t]{0,12})(>>> |In \[\d{1,6}\]: )?(?:from|import) ([A-Za-z_]\w{0,60})\b", re.M)
# Python's words for a module it could not find, in every form they are printed: quoted (Python 3) or not (Python 2), a
# dotted name or a top-level one, retyped in lower case. Read once: the readings of a missing module ask this one list
# and say which forms they take.
_NO_MODULE_NAMED = re.compile(r"([Nn])o module named ('?)([\w.]{1,200})('?)")


@dataclass(frozen=True)
class ImportStatement:
    """One import statement the text shows: the top-level module it names and where it ends."""

    end: int
    module: str
    prompted: bool  # typed after ">>> " or "In [n]: "
    indented: bool  # a script's line under its frame, not one typed at the prompt's margin


@dataclass(frozen=True)
class MissingModule:
    """One "No module named" message: its match, from "No module named" to the closing quote, and how it was printed."""

    match: re.Match[str]

    @property
    def name(self) -> str:
        """The name as printed: dotted or top-level, with a sentence's full stop where the quotes were left out."""
        return self.match.group(3)

    @property
    def quoted(self) -> bool:
        return bool(self.match.group(2) and self.match.group(4))

    @property
    def opens_quote(self) -> bool:
        return bool(self.match.group(2))

    @property
    def as_python_prints_it(self) -> bool:
        """Capitalised as Python prints it ("No module named"), not retyped ("no module named")."""
        return self.match.group(1) == "N"


def standard_library_frame(path: str) -> bool:
    """True for a traceback file of Python's standard library: neither the user's file nor a package's."""
    norm = path.replace("\\", "/")
    return _STANDARD_LIBRARY.search(norm) is not None and _INSTALLED_PACKAGES.search(norm) is None


# A rich traceback panel ("│ ImportError: /x/_C.so: undefined        │" / "│ symbol: _ZN... │": NVIDIA/torch-harmonics#226):
# rich wraps a long line at a word boundary when the next word does not fit, padding the rest with spaces.
# A pasted panel may lose a line's right border; such a line's room is unknown and it is taken as not wrapped.
_PANEL_LINE = re.compile(r"^│ (.{0,400}?)( {0,400})(│?)$")


def unframe_panels(text: str) -> str:
    """``text`` with rich's panel borders removed and its soft-wrapped lines joined again: a line was wrapped when
    the next line's first word would not have fitted in the room left on it."""
    if text.count("\n│ ") < 1:
        return text
    lines, out = text.split("\n"), []
    wrapped = False
    for index, line in enumerate(lines):
        match = _PANEL_LINE.match(line)
        if not match:
            out.append(line)
            wrapped = False
            continue
        content = match.group(1).rstrip()
        out[-1:] = [out[-1] + " " + content.lstrip()] if wrapped and out else [*out[-1:], content]
        following = _PANEL_LINE.match(lines[index + 1]) if index + 1 < len(lines) else None
        next_word = following.group(1).split(maxsplit=1)[0] if following and following.group(1).strip() else ""
        room = len(match.group(2)) + len(match.group(1)) - len(content) - 1  # rich keeps one space before the border
        wrapped = bool(next_word and match.group(3)) and len(next_word) + 1 > room
    return "\n".join(out)


# A log that prefixes every line of the program's output (and a quote's marker): journald/syslog ("Aug 12 10:38:34 host unsloth[4073658]: ",
# unslothai/unsloth#8580) and docker compose ("app-1  | "). The readings that anchor on a line's start would miss it.
_LOG_PREFIXES = (
    re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [\w.-]{1,64} [\w./-]{1,64}(?:\[\d{1,10}\])?: ", re.M),
    # docker compose's service prefix: "web_1  | " (Compose v1), or a container_name of any form padded to one width
    # ("zonos_container  | ": Zyphra/Zonos#165).
    re.compile(r"^[\w.-]{1,64} {1,8}\| ", re.M),
    # A traceback pasted as a Markdown quote ("> File ...": matplotlib/matplotlib#12983); not Python's ">>> " prompt.
    re.compile(r"^>(?!>)[ \t]?", re.M),
    # docker build's BuildKit output: the step number and the seconds since it began ("#12 3.456 Collecting torch").
    re.compile(r"^#\d{1,4} \d{1,5}\.\d{1,3} ", re.M),
)
# A timestamp leading each line: a CI runner's ("2024-05-01T10:00:00.1234567Z ", GitHub Actions), or a logger's
# with its level ("2024-05-01 10:00:00,123 - ERROR - ", "[2024-05-01 10:00:00] [ERROR] ", Python logging's and
# servers' formats). Only the one space after it goes: a traceback's indent behind it stays.
_TIMESTAMP = r"^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\]?"
_LEVEL = r" {1,2}(?:- )?(?:(?!_LEVEL\b)[\w.]{1,40} - )?\[?_LEVEL\]?(?: - |: | \| | )".replace(
    "_LEVEL", "(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)"
)
_TIMESTAMP_ALONE = re.compile(_TIMESTAMP + " ?", re.M)
_TIMESTAMP_WITH_LEVEL = re.compile(_TIMESTAMP + _LEVEL, re.M)
_TIMESTAMP_LEVEL_OR_SPACE = re.compile(_TIMESTAMP + f"(?:{_LEVEL}| )?", re.M)


# A terminal's colour codes (ANSI CSI sequences): IPython's and rich's coloured tracebacks, pip's coloured errors, kept
# by a log file or a notebook's saved outputs (nbformat keeps an error's traceback lines with their colours).
_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]{0,40}[ -/]{0,4}[@-~]")
# HTML's escapes of the characters a traceback quotes with: a text copied from a page's source or an e-mail's HTML part
# ("No module named &#39;torch&#39;").
_HTML_ESCAPE = re.compile(r"&(?:#39|#x27|quot|lt|gt|amp|#34);")


def plain(text: str) -> str:
    """The text as the program printed it: terminal colour codes removed, HTML's escapes of quotes and brackets undone."""
    if "\x1b" in text:
        text = _TERMINAL_CODE.sub("", text)
    if "&" in text and _HTML_ESCAPE.search(text):
        text = html.unescape(text)
    return text


def strip_log_prefixes(text: str) -> str:
    """``text`` without a log's per-line prefix, where at least two lines and half of the non-empty ones carry it."""
    lines = sum(1 for line in text.split("\n") if line.strip())
    for prefix in _LOG_PREFIXES:
        found = len(prefix.findall(text))
        if found >= 2 and 2 * found >= lines:
            text = prefix.sub("", text)
    stamped = len(_TIMESTAMP_ALONE.findall(text))
    if stamped >= 2 and 2 * stamped >= lines:
        # A logger writes its level on (nearly) every line; behind a CI runner's timestamp a level word is the message's
        # own (pip's "ERROR: Could not install packages ..."), and stays.
        levelled = 2 * len(_TIMESTAMP_WITH_LEVEL.findall(text)) > stamped
        text = (_TIMESTAMP_LEVEL_OR_SPACE if levelled else _TIMESTAMP_ALONE).sub("", text)
    return text


# pytest's mark of the exception's lines in its report ("E   ImportError: ..."): the message behind it is the error.
_PYTEST_ERROR_LINE = re.compile(r"^E(?: {3}| {2}(?=\S))", re.M)


def strip_pytest_marks(text: str) -> str:
    return _PYTEST_ERROR_LINE.sub("", text) if "\nE  " in text or text.startswith("E  ") else text


# A console copied with its lines cut at the window's width (Windows' console hosts, a fixed-width log viewer): every
# long line is cut at the same column, so the longest lines all have one length. Three or more such lines, each not
# padded (a table's rows end in spaces), not a rule of one character ("=" * 80), and followed by a line that does not
# start as a line of its own would (an indent, "Traceback"), are cut lines: each is joined to the next.
_NARROWEST_CONSOLE = 60
_STARTS_A_LINE = re.compile(r"\s|Traceback \(most recent call last\)|\Z")


def _cut_at(lines: list[str], index: int, width: int) -> bool:
    line = lines[index]
    if len(line) != width or line.endswith(" ") or len(set(line.strip())) <= 2 or index + 1 == len(lines):
        return False
    return _STARTS_A_LINE.match(lines[index + 1]) is None


def unwrap_console(text: str) -> str:
    lines = text.split("\n")
    width = max((len(line) for line in lines), default=0)
    if width < _NARROWEST_CONSOLE:
        return text
    cut = [_cut_at(lines, index, width) for index in range(len(lines))]
    if sum(cut) < 3:
        return text
    joined: list[str] = []
    for index, line in enumerate(lines):
        if index and cut[index - 1]:
            joined[-1] += line
        else:
            joined.append(line)
    return "\n".join(joined)


_CAP_MARKER = "[...]"


def dedent_paste(text: str) -> str:
    """``text`` without the indent all its lines share: a paste indented as a whole (a Markdown code block; a quote's
    "    " after its marker, matplotlib/matplotlib#12983) then reads like any other, where the readings that anchor on
    a line's start ("ImportError: ...") would miss every line. Run on the capped text, whose cap marker is no line's."""
    lines = text.split("\n")
    indents = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines if line.strip() and line != _CAP_MARKER]
    common = indents[0] if indents else ""
    for indent in indents[1:]:  # the longest run of spaces and tabs every line starts with, character by character
        while not indent.startswith(common):
            common = common[:-1]
    if not common:
        return text
    return "\n".join(line[len(common) :] if line.startswith(common) else line for line in lines)


def cap(text: str) -> str:
    """The part of ``text`` that is scanned: all of it, or its head and its tail."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + f"\n{_CAP_MARKER}\n" + text[-TAIL_CHARS:]


# conda's name for torch's package: a stated "pytorch=1.10.1" (conda list, environment.yml) is torch 1.10.1.
_CONDA_NAMES = {"pytorch": "torch"}


def package_name(name: object) -> str:
    """A package name as a user states it, as the installed distribution's: lower case, '-' for '_', conda's pytorch as torch."""
    normal = str(name).strip().lower().replace("_", "-")
    return _CONDA_NAMES.get(normal, normal)


def names_path_part(name: str, text: str) -> bool:
    """A path in ``text`` has a folder or a .py file called ``name`` (``.../utils/...``, ``.../utils.py``); a folder
    called ``name.py`` (Inkscape's ``boxes.py\\boxes_proxy.py``) is neither, and ``import name`` does not find it."""
    return re.search(rf"[/\\]{re.escape(name)}(?:[/\\]|\.py\b(?![/\\]))", text) is not None


def short(line: str) -> str:
    """One evidence line: whitespace collapsed, cut to a readable length."""
    line = " ".join(line.split())
    return line if len(line) <= EVIDENCE_CHARS else line[: EVIDENCE_CHARS - 1] + "…"


# A line that names an exception, as a traceback's last line does ("ValueError: ...", "numpy.core._exceptions.X"),
# perhaps indented by a log or a pasted quote.
_EXCEPTION_NAMED = re.compile(r"^\s{0,8}[\w.]{0,80}(?:Error|Exception)\b(?!\w)", re.M)
# A folder directly inside site-packages (dist-packages): an installed package's own.
INSTALLED_FOLDER = re.compile(r"[/\\](?:site|dist)-packages[/\\]([\w.-]+)[/\\]", re.I)


@dataclass(frozen=True)
class ErrorText:
    """A capped error text plus what the caller told us (platform, installed packages)."""

    text: str
    given_platform: str | None = None
    packages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str, platform: str | None = None, packages: dict[str, str] | None = None) -> ErrorText:
        names = {package_name(k): str(v).strip() for k, v in (packages or {}).items()}
        wanted = platform.strip().lower() if isinstance(platform, str) else None
        # One line ending: the frame patterns read lines (re.M), and a text copied from an old
        # Mac tool or a Windows console may end its lines with a lone \r.
        text = strip_log_prefixes(unframe_panels(plain(text).replace("\r\n", "\n").replace("\r", "\n")))
        text = unwrap_console(strip_pytest_marks(text))
        return cls(dedent_paste(cap(text)), wanted if wanted in ("windows", "linux", "macos") else None, names)

    @cached_property
    def platform(self) -> str | None:
        """The platform given, else the one the text's paths and names point to."""
        if self.given_platform:
            return self.given_platform
        for name, hint in (("windows", _WINDOWS_HINT), ("macos", _MACOS_HINT), ("linux", _LINUX_HINT)):
            if hint.search(self.text):
                return name
        return None

    @cached_property
    def in_notebook(self) -> bool:
        """The traceback was printed by a notebook kernel (IPython's cell names, Colab's links)."""
        return _NOTEBOOK_HINT.search(self.text) is not None

    @cached_property
    def python_in_paths(self) -> str | None:
        """The CPython ("3.7") whose site-packages the text's paths are in, when they name exactly one."""
        minors = {a or b for a, b in _SITE_PACKAGES_PYTHON.findall(self.text)}
        return f"3.{minors.pop()}" if len(minors) == 1 else None

    @cached_property
    def installed_folders(self) -> frozenset[str]:
        """The folders the text shows directly inside site-packages (dist-packages), lower case: installed packages."""
        return frozenset(name.lower() for name in INSTALLED_FOLDER.findall(self.text))

    @cached_property
    def names_an_exception(self) -> bool:
        """Some line names an exception: the text shows something raised, not only warnings or a listing."""
        return self.search(_EXCEPTION_NAMED) is not None

    @cached_property
    def lower(self) -> str:
        """The text in lower case, for the prefilter of case-insensitive patterns."""
        return self.text.lower()

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        # Most patterns cannot match most texts: a substring test of the literals every match needs skips them.
        return pattern.search(self.text) if may_match(pattern, self.text, self.lower) else None

    def search_last(self, pattern: re.Pattern[str], end: int | None = None) -> re.Match[str] | None:
        """The last match (before ``end``): when a traceback is printed twice or chained, the final exception's."""
        found = None
        if not may_match(pattern, self.text, self.lower):
            return None
        for found in pattern.finditer(self.text, 0, len(self.text) if end is None else end):  # noqa: B007 - the last one is kept
            pass
        return found

    @cached_property
    def import_statements(self) -> tuple[ImportStatement, ...]:
        """Every import statement on its own line, in order (read once: several readings ask)."""
        return tuple(
            ImportStatement(m.end(), m.group(3), bool(m.group(2)), bool(m.group(1))) for m in _IMPORT_STATEMENT.finditer(self.text)
        )

    @cached_property
    def missing_modules(self) -> tuple[MissingModule, ...]:
        """Every "No module named" message, in order."""
        if "o module named" not in self.text:
            return ()
        return tuple(MissingModule(m) for m in _NO_MODULE_NAMED.finditer(self.text))

    def quoted_missing(self, longest: int) -> list[MissingModule]:
        """The messages as Python 3 prints them: capitalised, the name quoted and at most ``longest`` characters."""
        return [m for m in self.missing_modules if m.as_python_prints_it and m.quoted and len(m.name) <= longest]

    def raw_line_at(self, pos: int) -> str:
        """The whole line holding offset ``pos`` (at most 2,000 characters), for parsing."""
        start = self.text.rfind("\n", max(0, pos - 2000), pos) + 1 or max(0, pos - 2000)
        end = self.text.find("\n", pos, pos + 2000)
        return self.text[start : end if end != -1 else min(len(self.text), pos + 2000)]

    def before(self, match: re.Match[str], limit: int = 400) -> str:
        """The text of the match's line before the match (at most ``limit`` characters).

        Patterns whose variable part comes *before* a fixed phrase are searched as the
        phrase first, then this short prefix is parsed: a leading ``\\S{1,200}`` tried at every
        offset of a 200 KB text would be slow.
        """
        start = max(self.text.rfind("\n", 0, match.start()) + 1, match.start() - limit)
        return self.text[start : match.start()]

    def word_before(self, pos: int, separators: str = "") -> str:
        """The last word on the line before offset ``pos`` (words split at whitespace and ``separators``), or "".

        The file or folder a message names just before a fixed phrase, searched as the phrase first
        (a dyld message cut before its "dlopen(", a user-site folder, a library before "undefined symbol").
        """
        start = self.text.rfind("\n", max(0, pos - 2000), pos) + 1 or max(0, pos - 2000)
        words = [word for word in re.split(f"[\\s{re.escape(separators)}]", self.text[start:pos]) if word]
        return words[-1] if words else ""

    def line_at(self, pos: int) -> str:
        """The whole line holding offset ``pos``, shortened for evidence."""
        return short(self.raw_line_at(pos))

    def evidence(self, match: re.Match[str]) -> str:
        return self.line_at(match.start())

    def tensorflow_op_loader_at(self, pos: int) -> bool:
        """Whether the line at ``pos`` is TensorFlow's op loader (tf.load_op_library) passing on the loader's words.

        It raises NotFoundError, and the op libraries it loads ship prebuilt in their wheels, never compiled on first
        use: one reading (explainer/wheels.py) takes such a line for a build of another CPU, and the reading of a build
        on first use (explainer/unbuilt.py) leaves it alone.
        """
        return "NotFoundError" in self.line_at(pos)

    @cached_property
    def _frames(self) -> tuple[tuple[int, str], ...]:
        """Every traceback frame's (end offset, source file), read once: several readings ask for them."""
        return tuple((m.end(), m.group(1) or m.group(2) or m.group(3) or m.group(4)) for m in _FRAME.finditer(self.text))

    def frames_before(self, pos: int) -> list[str]:
        """Source files of the traceback frames printed before offset ``pos``, in order (outermost first).

        VS Code's debugger prints "Exception has occurred: X", the message, then the frames innermost first: where no
        frame comes before the message and that header does, the frames after it are the ones, turned round."""
        found = [path for end, path in self._frames if end <= pos]
        if not found and _EDITOR_EXCEPTION_HEADER.search(self.text, 0, pos):
            found = [path for end, path in reversed(self._frames) if end > pos]
        return found

    def frame_code(self) -> list[tuple[str, str]]:
        """Each traceback frame's (source file, the code line Python printed under it; '' when none)."""
        return list(self._frame_code)

    @cached_property
    def _frame_code(self) -> tuple[tuple[str, str], ...]:
        """Read once: several readings walk the frames with their code lines."""
        found = []
        for end, path in self._frames:
            rest = self.text[end : end + 600].split("\n", 4)
            # A paste through Markdown may put a blank line between a frame and its code (imageai#116).
            following = [line.strip() for line in rest[1:4] if line.strip()]
            code = following[0] if following else ""
            # Indented as Python prints it, or flush left where a paste lost the indent (pandas-dev/pandas#9979).
            found.append((path, "" if _FRAME.match(code) or _NOT_CODE.match(code) else code))
        return tuple(found)

    def traceback_numbers(self) -> list[int]:
        """For each frame of :meth:`frame_code`, which traceback of the text it is in (0 before any header): a script
        that printed the same traceback twice shows its last frame followed by its first, which is no import."""
        headers = [m.start() for m in _TRACEBACK_HEADER.finditer(self.text)]
        return [sum(1 for start in headers if start < end) for end, _ in self._frames]

    def importer(self, pos: int) -> str | None:
        """The file whose import raised the error at ``pos``: the last frame before it."""
        frames = self.frames_before(pos)
        return frames[-1].replace("\\", "/") if frames else None

    def package(self, name: str) -> str | None:
        """The version the caller said is installed for distribution ``name``."""
        return self.packages.get(name.lower())

    def stated_release(self, name: str) -> tuple[int, ...] | None:
        """The release numbers of the version stated for ``name`` ('2.1.0+cu118' -> (2, 1, 0)); None when none is stated."""
        return versions.release_tuple(self.package(name))

    def stated_at_least(self, name: str, release: tuple[int, ...]) -> bool:
        """Whether ``name`` is stated at ``release`` or later (False when no version is stated)."""
        stated = self.stated_release(name)
        return stated is not None and stated >= release
