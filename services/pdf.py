"""The A4 page every printed export shares: embedded font, margins, page footer.

The diary export and the archive's summary are both read by people who may
print them for a rehabilitation appointment, so they look alike. DejaVu Sans
(services/fonts) covers French accents and the minus sign of GAS levels and is
embedded, so nothing is fetched from the network.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
_INK = (20, 20, 20)
_GREY = (80, 80, 80)


class RelaisPdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font(FONT, "", FONTS_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}", align="C")

    def heading(self, text: str, size: int) -> None:
        self.set_font(FONT, "B", size)
        self.set_text_color(*_INK)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, *, size: int = 11, grey: bool = False) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*(_GREY if grey else _INK))
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
