"""Every message the UI can show is whole, in both languages (finding 4).

Two kinds of text reach the cashier:
- the screens' own strings, `self.tr("... {name} ...").format(name=...)`: every field of
  the Indonesian source and of its English translation is given by the call site;
- the domain's messages (core/messages.py), raised as `DomainError(code, **params)` or
  rendered with `render(code, lang, **params)`: each call site's parameters, rendered in
  both languages, leave no "{" behind. Codes the screens render from a value (the
  family panel's refusals, roster flags) are rendered with what the screens pass.

The call sites are read from the source with `ast`, so a new message or a new call site
is checked without touching this test. Periods appear as month names, never `2018-04`.
"""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

from ewarong_pos.core.messages import MESSAGES, render

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ewarong_pos"
UI = PACKAGE / "ui"
EN = json.loads((ROOT / "resources" / "translations" / "en_strings.json").read_text("utf-8"))


def _fields(template: str) -> dict[str, str]:
    """Field name -> format spec of a str.format template."""
    out = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None and name != "":
            out[name.split(".")[0].split("[")[0]] = spec or ""
    return out


# --- the screens' own strings ---------------------------------------------------------------


def _tr_literal(node: ast.AST) -> str | None:
    """The literal of `self.tr("...")`, `tr("...")` or `QCoreApplication.translate(c, "...")`."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
        return node.args[0].value if isinstance(node.args[0].value, str) else None
    if name == "translate" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
        return node.args[1].value if isinstance(node.args[1].value, str) else None
    return None


def _ui_format_sites() -> tuple[list[tuple[str, str, set[str] | None]], list[str]]:
    """(where, literal, keyword names or None for **kwargs) per formatted UI string, and
    the UI strings with a "{" that are shown without .format at all."""
    sites: list[tuple[str, str, set[str] | None]] = []
    formatted: set[int] = set()
    literals: list[tuple[str, str, int]] = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Module)]:
            # variables holding a translated template within this function
            held: dict[str, list[ast.Call]] = {}
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and _tr_literal(node.value) is not None:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            held.setdefault(target.id, []).append(node.value)  # type: ignore[arg-type]
            for node in ast.walk(func):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if node.func.attr != "format":
                    continue
                base = node.func.value
                options = [base.body, base.orelse] if isinstance(base, ast.IfExp) else [base]
                calls = [b for b in options if _tr_literal(b) is not None]
                if isinstance(base, ast.Name):
                    calls = held.get(base.id, [])
                names: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
                if any(k.arg is None for k in node.keywords):
                    names = None
                for call in calls:
                    formatted.add(id(call))
                    where = f"{path.relative_to(ROOT)}:{call.lineno}"
                    sites.append((where, _tr_literal(call) or "", names))
        for node in ast.walk(tree):
            literal = _tr_literal(node)
            if literal is not None and "{" in literal:
                literals.append((f"{path.relative_to(ROOT)}:{node.lineno}", literal, id(node)))
    unformatted = [f"{where}: {text!r}" for where, text, key in literals if key not in formatted]
    return sites, unformatted


def test_every_screen_string_gets_every_field_it_shows():
    sites, unformatted = _ui_format_sites()
    assert len(sites) > 100  # the walk found the screens' messages
    problems = []
    for where, literal, names in sites:
        if names is None:
            continue
        for lang, text in (("id", literal), ("en", EN.get(literal, literal))):
            missing = set(_fields(text)) - names
            if missing:
                problems.append(f"{where} [{lang}] {text!r} lacks {sorted(missing)}")
    assert not problems, "\n".join(problems)
    assert not unformatted, "shown with raw fields:\n" + "\n".join(unformatted)


# --- the domain's messages ----------------------------------------------------------------------

_RAISERS = {"DomainError": 0, "ProblemList": 0, "render": 0, "PrinterError": 0, "Problem": 2}


def _domain_sites() -> list[tuple[str, str, set[str]]]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in _RAISERS:
                continue
            index = _RAISERS[name]
            if len(node.args) <= index or not isinstance(node.args[index], ast.Constant):
                continue
            code = node.args[index].value
            if not isinstance(code, str) or code not in MESSAGES:
                continue
            if any(k.arg is None for k in node.keywords):
                continue  # **params: passed through from elsewhere
            names = {k.arg for k in node.keywords if k.arg is not None}
            if name == "ProblemList":
                names.add("count")  # ProblemList adds it
            sites.append((f"{path.relative_to(ROOT)}:{node.lineno}", code, names))
    return sites


def _sample(spec: str) -> object:
    return {"rp": 110_000, "kg": 1_500, "period": "2018-04", "date": "2018-04-12"}.get(spec, "x")


def _render_with(code: str, names: set[str], lang: str) -> str:
    fields = _fields(MESSAGES[code].get(lang) or MESSAGES[code]["id"])
    params = {n: _sample(fields.get(n, "")) for n in names}
    return render(code, lang, **params)


def test_every_domain_message_renders_whole_with_its_call_sites_parameters():
    sites = _domain_sites()
    assert len(sites) > 150
    problems = []
    for where, code, names in sites:
        for lang in ("id", "en"):
            text = _render_with(code, names, lang)
            if "{" in text or "}" in text:
                problems.append(f"{where} {code} [{lang}] -> {text!r}")
    assert not problems, "\n".join(problems)


# the codes the screens render from a value, with the parameters they pass
# (ui/counter.py reason_text: the entitlement's and each month's refusal; roster flags)
_PANEL_CODES = [
    "family.suspended",
    "family.removed",
    "family.status",
    "sale.no_open_voucher",
    *(code for code in MESSAGES if code.startswith("voucher.")),
]
_FLAG_CODES = [code for code in MESSAGES if code.startswith("flag.")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_family_panels_messages_are_whole(lang):
    shown = {
        code: render(code, lang, name="Siti", reason="pindah", status="x") for code in _PANEL_CODES
    }
    shown |= {code: render(code, lang) for code in _FLAG_CODES}
    assert _FLAG_CODES and "family.suspended" in shown
    broken = {code: text for code, text in shown.items() if "{" in text or "}" in text}
    assert not broken


@pytest.mark.parametrize("lang", ["id", "en"])
def test_periods_are_month_names(lang):
    text = render("sale.not_eligible", lang, product="Minyak", category="minyak", period="2018-04")
    assert "2018-04" not in text and "April 2018" in text
    assert "tidak valid (1,5)" in render(
        "sale.bad_quantity", "id", line=1, product="Telur", qty=1_500
    )
