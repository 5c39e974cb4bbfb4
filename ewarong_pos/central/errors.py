"""The refusal every central operation raises: an HTTP status, a code, and the numbers."""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, status: int, code: str, detail: str = "", **params: int | str) -> None:
        super().__init__(f"{code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.params = params
