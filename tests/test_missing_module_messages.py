"""One reading of Python's "No module named" messages (ErrorText.missing_modules) and the forms each reading takes:
Python 3's quoted name, Python 2's unquoted dotted import, the words retyped in lower case."""

from __future__ import annotations

from torchenv_magic.explainer.packaging_rules import first_quoted_missing, package_named_missing, shown_missing, top_level_missing
from torchenv_magic.explainer.text import ErrorText


def _named(text: str) -> list[str | None]:
    err = ErrorText.build(text)
    return [package_named_missing(err, missing) for missing in err.missing_modules]


def test_every_message_is_read_once_in_order() -> None:
    err = ErrorText.build("ModuleNotFoundError: No module named 'cv2'\nImportError: No module named yaml.composer\nno module named scipy")
    assert [m.name for m in err.missing_modules] == ["cv2", "yaml.composer", "scipy"]
    assert [m.quoted for m in err.missing_modules] == [True, False, False]
    assert [m.as_python_prints_it for m in err.missing_modules] == [True, True, False]
    assert ErrorText.build("ImportError: cannot import name 'x' from 'y'").missing_modules == ()


def test_a_missing_package_in_each_printed_form() -> None:
    assert _named("ModuleNotFoundError: No module named 'cv2'") == ["cv2"]
    assert _named("ImportError: No module named pytrends.request") == ["pytrends"]  # Python 2 prints the whole import
    assert _named('ImportError: No module named tensorflow."') == ["tensorflow"]  # the user's own closing quotation mark
    assert _named("    no module named cv2  ") == ["cv2"]  # retyped, alone on its line
    assert _named("no module named 'timm'") == ["timm"]  # retyped with its quotes, alone on its line (TimeSformer#77)
    assert _named("ModuleNotFoundError: No module named 'gcn'.") == ["gcn"]  # a full stop ends the sentence


def test_a_part_of_a_package_or_a_retyped_quote_is_no_missing_package() -> None:
    assert _named("ModuleNotFoundError: No module named 'torch._C'") == [None]
    assert _named("ModuleNotFoundError: No module named 'gcn'.layers") == [None]
    assert _named("ModuleNotFoundError: no module named 'cv2'") == [None]  # quoted but retyped: not Python's own line
    assert _named("I get no module named cv2 when I run it") == [None]  # words inside a sentence
    assert _named("ModuleNotFoundError: No module named 'cv2") == [None]  # a quote opened and never closed


def test_the_readings_ask_the_same_list() -> None:
    err = ErrorText.build("ModuleNotFoundError: No module named 'detectron2.layers'\nModuleNotFoundError: No module named 'fvcore'")
    first = first_quoted_missing(err)
    assert first is not None and first.name == "detectron2.layers"
    assert [m.name for m in top_level_missing(err)] == ["fvcore"]
    assert top_level_missing(err, end=first.match.end()) == []
    assert shown_missing(err, "FVCore") and not shown_missing(err, "detectron2")
