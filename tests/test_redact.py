from __future__ import annotations

import os

from torchenv_magic.redact import env_value, home_to_tilde, mask_url_credentials, redact_obj


def test_url_credentials_are_masked() -> None:
    assert mask_url_credentials("https://user:s3cret@pypi.example/simple") == "https://***@pypi.example/simple"
    assert mask_url_credentials("https://token@host/x and http://a:b@c/") == "https://***@host/x and http://***@c/"
    assert mask_url_credentials("https://download.pytorch.org/whl/cpu") == "https://download.pytorch.org/whl/cpu"


def test_secret_variables_are_masked_by_name() -> None:
    assert env_value("HF_TOKEN", "hf_abc") == "***"
    assert env_value("AWS_SECRET_ACCESS_KEY", "x") == "***"
    assert env_value("PIP_INDEX_URL", "https://u:p@h/simple") == "https://***@h/simple"


def test_home_becomes_tilde() -> None:
    home = os.path.expanduser("~")
    assert home_to_tilde(f"{home}/venv/bin/python") == "~/venv/bin/python"
    assert redact_obj({"a": [f"{home}/x", 3]}) == {"a": ["~/x", 3]}
