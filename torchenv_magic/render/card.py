"""The automatic hint as a small card in HTML frontends.

    ✘ torchenv: torchvision 0.28.0 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)
    torchvision is the CUDA 13.0 build; your torch is the CPU build. Both must be the same build.
    ┌──────────────────────────────────────────────────────┐
    │ %pip install --force-reinstall --no-deps ...          │ [Copy]
    └──────────────────────────────────────────────────────┘
    then restart the kernel
    ▸ Show the full report

Colours come from JupyterLab's theme variables (light and dark themes both define them;
Notebook 7 is JupyterLab underneath), with fallbacks that follow the page's own text colour
elsewhere (VS Code, Colab, nbconvert). The card never replaces the traceback: it is an
output of its own, shown after it. Its ``text/plain`` twin is :meth:`Hint.lines`.
"""

from __future__ import annotations

from html import escape

from ..model import Finding
from .html import THEME_COLORS
from .panel_actions import copy_button_html

MARKS = {"error": "✘", "warning": "⚠", "info": "ℹ"}  # colour is never the only signal
CARD_STYLE = (
    "border:1px solid var(--jp-border-color1, rgba(127,127,127,0.45));border-left:5px solid {accent};"
    "border-radius:4px;padding:6px 12px;margin:4px 0;max-width:62em;"
    "background:var(--jp-layout-color1, transparent);color:var(--jp-ui-font-color1, inherit);"
    "font-family:var(--jp-ui-font-family, system-ui, sans-serif);font-size:var(--jp-ui-font-size1, 13px);line-height:1.45"
)
CODE_STYLE = (
    # word-break:normal: JupyterLab breaks output <pre> anywhere; a command reads better broken at its spaces.
    "margin:4px 0;padding:4px 8px;white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;"
    "background:var(--jp-cell-editor-background, rgba(127,127,127,0.12));color:var(--jp-content-font-color1, inherit);"
    "font-family:var(--jp-code-font-family, monospace);font-size:var(--jp-code-font-size, 12px);border-radius:3px"
)


def card_html(finding: Finding, then: str, full_report_html: str = "") -> str:
    """The card: title, the verdict in plain words, the fix with a Copy button, what to do next,
    and (for static frontends) the full report folded under "Show the full report"."""
    accent = THEME_COLORS.get(finding.severity, THEME_COLORS["error"])
    title = f"<div style='font-weight:bold;color:{accent}'>{MARKS.get(finding.severity, '')} torchenv: {escape(finding.title)}</div>"
    plain = f"<div class='torchenv-hint-verdict'>{escape(finding.verdict)}</div>" if finding.verdict else ""
    details = (
        f"<details class='torchenv-hint-more'><summary style='cursor:pointer'>Show the full report</summary>{full_report_html}</details>"
        if full_report_html
        else ""
    )
    next_step = f"<div><small>{escape(then)}</small></div>" if then else ""
    return (
        f"<div class='torchenv-hint torchenv-card' style='{CARD_STYLE.format(accent=accent)}'>"
        f"{title}{plain}{fix_html(finding)}{next_step}{details}</div>"
    )


def fix_html(finding: Finding) -> str:
    """The fix as code with a Copy button ('' when the finding has none)."""
    fix = finding.fix
    if fix is None:
        return ""
    label = "What to do" if fix.kind == "manual" else "Fix"
    code = f"<pre class='torchenv-fix-code' style='{CODE_STYLE}'>{escape(fix.code)}</pre>"
    return (
        f"<div class='torchenv-hint-fix' style='margin-top:4px'><b>{label}:</b>"
        f"<div style='display:flex;align-items:flex-start;gap:8px'><div style='flex:1;min-width:0'>{code}</div>"
        f"{copy_button_html(fix.code)}</div></div>"
    )
