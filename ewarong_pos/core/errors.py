"""Domain errors: a code plus the numbers involved; the UI or CLI turns them into text.

Every refusal the counter, the roster import or sync can give is a `DomainError` with a
code from `ewarong_pos.core.messages.MESSAGES`, so a message always exists in Bahasa
Indonesia and in English, with the same placeholders.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal: `code` names the rule, `params` carries the numbers (rupiah as int)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)

    def message(self, lang: str = "id", *, screen: bool = False) -> str:
        """The refusal in `lang`; `screen=True` for a label (messages.render_screen)."""
        from ewarong_pos.core.messages import render, render_screen

        return (render_screen if screen else render)(self.code, lang, **self.params)


class ProblemList(DomainError):
    """Many problems found at once (a bad roster file): each one names a line and column."""

    def __init__(self, code: str, problems: list[Problem], **params: Any) -> None:
        self.problems = problems
        super().__init__(code, count=len(problems), **params)


class Problem:
    """One problem in an input file: where it is, and what is wrong, as a message code."""

    __slots__ = ("code", "column", "line", "params")

    def __init__(self, line: int, column: str | None, code: str, **params: Any) -> None:
        self.line = line
        self.column = column
        self.code = code
        self.params = params

    def message(self, lang: str = "id", *, screen: bool = False) -> str:
        from ewarong_pos.core.messages import render, render_screen

        where = render("where.line", lang, line=self.line)
        if self.column:
            where += ", " + render("where.column", lang, column=self.column)
        text = (render_screen if screen else render)(self.code, lang, **self.params)
        return f"{where}: {text}"

    def __repr__(self) -> str:
        return f"Problem(line={self.line}, column={self.column!r}, code={self.code!r})"
