"""Keep secrets and the user's home directory out of everything we show or export.

Reports get pasted into public issues, so every export passes through :func:`redact_obj`
(or :func:`redact_report`) last. Four things are masked, wherever they occur in a string:

- credentials inside URLs: ``https://user:p@ss@host/simple`` -> ``https://***@host/simple``
  (also a bare token ``https://ghp_x@github.com``, and ``?token=...``-like query values);
- the values of environment variables whose *name* looks secret (``HF_TOKEN``,
  ``AWS_SECRET_ACCESS_KEY``, ``PGPASSWORD``, ...), should they appear in a message or path;
- well-known token shapes (GitHub, Hugging Face, OpenAI, AWS access key ids, Slack);
- the home directory, shown as ``~``.

    In [1]: from torchenv_magic.redact import redact_text
    In [2]: redact_text("pip failed for https://me:hunter22@pypi.corp/simple in /home/me/x")
    Out[2]: 'pip failed for https://***@pypi.corp/simple in ~/x'
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|PASSWD|PWD$|KEY|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|SIGNATURE", re.I)
# Names that match the pattern above but hold nothing secret, and are worth showing.
_NOT_SECRET = frozenset({"PWD", "OLDPWD"})
# userinfo (with a password) runs to the *last* '@' that is followed by a host name (dotted,
# with a port, localhost or [IPv6]) and then the path or the end: an unencoded password may
# hold '@', ':', '/' and even "x.y/" ("u:@0.0/@pypi.corp.com"). When in doubt more is masked
# (``https://u:p@github.com/o/r.git@v1.0`` shows as ``https://***@v1.0``), never less.
# Every repetition is bounded, so no input (5 MB of "a://a:a") makes the scan quadratic.
_SCHEME = r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]{0,30}://)"
_END = r"(?:[/\s?#'\"<>]|$)"
_HOST = (
    r"(?:(?:[A-Za-z0-9-]{1,63}\.){1,10}[A-Za-z0-9-]{1,63}(?::\d{1,5})?"  # pypi.corp.example[:8443]
    r"|[A-Za-z0-9-]{1,63}:\d{1,5}|localhost|\[[0-9A-Fa-f:.]{2,45}\])" + _END  # proxy:3128, [::1]
)
_URL_CREDENTIALS = re.compile(_SCHEME + r"(?P<cred>[^\s/@:'\"<>]{0,256}:[^\s'\"<>]{0,128}@|[^\s/@:'\"<>]{1,128}@)" + rf"(?={_HOST})")
# The plain form (userinfo without '/' or '@'), for what the pass above leaves.
_URL_CREDENTIALS_SIMPLE = re.compile(_SCHEME + r"(?P<cred>[^/@\s:]{0,256}(?::[^/@\s]{0,256})?)@")
_QUERY_SECRET = re.compile(
    r"(?P<key>[?&;][^=&\s#]{0,40}(?:token|key|secret|passw|auth|signature|sig|session)[^=&\s#]{0,40}=)[^&\s#'\"<>]+", re.I
)
_TOKEN_SHAPES = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|hf_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}"
    r"|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,})"
)
# A secret value shorter than this is not masked literally: "1", "true" or "yes" would
# blank out every occurrence in the report. Its variable is still shown as MASK by name.
MIN_SECRET_VALUE = 6
MASK = "***"


def is_secret_name(name: str) -> bool:
    return name.upper() not in _NOT_SECRET and bool(_SECRET_NAME.search(name))


def mask_url_credentials(text: str) -> str:
    """``https://user:pass@host/simple`` -> ``https://***@host/simple``; ``?token=x`` -> ``?token=***``."""
    if "://" in text and "@" in text:
        for pattern in (_URL_CREDENTIALS, _URL_CREDENTIALS_SIMPLE):
            text = pattern.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)
    if "=" in text:
        text = _QUERY_SECRET.sub(lambda m: f"{m.group('key')}{MASK}", text)
    return text


def home_to_tilde(text: str, home: str | None = None) -> str:
    """The home directory (as given, and resolved through symlinks) shown as ``~``.

    Only whole path components: with home ``/root``, ``/rootfs/x`` stays as it is.
    """
    for path in _home_forms(home):
        if path in text:
            text = re.sub(re.escape(path) + r"(?=$|[/\\\s'\"<>:;,)\]}]|\.(?:$|\s))", "~", text)
    return text


def _home_forms(home: str | None) -> tuple[str, ...]:
    return _forms_of(home if home is not None else os.path.expanduser("~"))


@functools.lru_cache(maxsize=8)
def _forms_of(home: str) -> tuple[str, ...]:
    forms = [home.rstrip("/\\")]
    with contextlib.suppress(OSError, ValueError):
        forms.append(os.path.realpath(home).rstrip("/\\"))
    # Longest first, so /data/users/me is replaced before a shorter form inside it.
    return tuple(sorted({form for form in forms if form not in ("/", "~") and len(form) > 1}, key=len, reverse=True))


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    """Values of this process's secret-named environment variables, longest first."""
    environ = os.environ if environ is None else environ
    values = {value for name, value in environ.items() if is_secret_name(name) and len(value) >= MIN_SECRET_VALUE}
    return sorted(values, key=len, reverse=True)


def mask_values(text: str, values: Iterable[str]) -> str:
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text


def redact_text(text: str, *, secrets: list[str] | None = None) -> str:
    """Every rule above applied to one string (never raises on any str)."""
    text = mask_values(text, secret_values() if secrets is None else secrets)
    text = _TOKEN_SHAPES.sub(MASK, mask_url_credentials(text))
    return home_to_tilde(text)


def env_value(name: str, value: str) -> str:
    """How an environment variable's value may be shown."""
    if is_secret_name(name):
        return MASK
    return redact_text(value)


def redact_obj(obj: Any, *, secrets: list[str] | None = None) -> Any:
    """Redact every string inside nested dicts, lists, tuples, sets and dataclasses.

    The last pass before any export. Dict keys are redacted too (they can be paths);
    frozen dataclasses (``Finding``, ``Fix``, ``Report``) come back as redacted copies.
    """
    secrets = secret_values() if secrets is None else secrets
    return _redact(obj, secrets, 0)


def _redact(obj: Any, secrets: list[str], depth: int) -> Any:
    if isinstance(obj, str):
        return redact_text(obj, secrets=secrets)
    if depth > 50:  # a cyclic or absurdly deep structure: drop it rather than recurse forever
        return "<too deep>"
    if isinstance(obj, dict):
        return {_redact(key, secrets, depth + 1): _redact(value, secrets, depth + 1) for key, value in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_redact(value, secrets, depth + 1) for value in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: _redact(getattr(obj, f.name), secrets, depth + 1) for f in dataclasses.fields(obj) if f.init}
        return dataclasses.replace(obj, **changes)
    return obj


def redact_report(report: Any) -> Any:
    """A redacted copy of a ``Report`` (findings and facts), or of a list of ``Finding``."""
    return redact_obj(report)
