"""The fonts embedded in every PDF (see `ewarong_pos.pdf_fonts`, shared with the office)."""

from __future__ import annotations

from ewarong_pos.pdf_fonts import MONO, MONO_BOLD, SANS, SANS_BOLD, register_fonts

__all__ = ["MONO", "MONO_BOLD", "SANS", "SANS_BOLD", "register_fonts"]
