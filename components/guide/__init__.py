"""Guide widgets."""

from components.guide.notice import GuideNotice
from components.guide.procedure_card import ProcedureCard
from components.guide.rich_text import RichText

__all__ = [
    "GuideNotice",
    "ProcedureCard",
    "RichText",
]
