"""Keep secrets and the user's home directory out of everything we show or export."""

from __future__ import annotations

import os
import re
from typing import Any

_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|PASSWD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION", re.I)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<cred>[^/@\s:]*(?::[^/@\s]*)?)@")
MASK = "***"


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def mask_url_credentials(text: str) -> str:
    """``https://user:pass@host/simple`` -> ``https://***@host/simple``."""
    return _URL_CREDENTIALS.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)


def home_to_tilde(text: str, home: str | None = None) -> str:
    home = home if home is not None else os.path.expanduser("~")
    if not home or home in ("/", "~"):
        return text
    return text.replace(home.rstrip("/\\"), "~")


def redact_text(text: str) -> str:
    return home_to_tilde(mask_url_credentials(text))


def env_value(name: str, value: str) -> str:
    """How an environment variable's value may be shown."""
    if is_secret_name(name):
        return MASK
    return redact_text(value)


def redact_obj(obj: Any) -> Any:
    """Redact every string inside nested dicts/lists (a last pass before any export)."""
    if isinstance(obj, str):
        return redact_text(obj)
    if isinstance(obj, dict):
        return {key: redact_obj(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [redact_obj(value) for value in obj]
    return obj
