"""Addresses of the procedures guide's screens (under the signed-in home)."""

from __future__ import annotations

GUIDE = "/home/guide"
FINDER = "/home/guide/finder"
MINE = "/home/guide/mine"
WHO_IS_WHO = "/home/guide/who-is-who"
PATHWAY = "/home/guide/pathway"
PROCEDURE = "/home/guide/procedures/{procedure_id}"


def procedure(procedure_id: str) -> str:
    return PROCEDURE.format(procedure_id=procedure_id)
