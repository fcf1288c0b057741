"""The guide's screens in the route table, under the signed-in home ("/home/...")."""

from __future__ import annotations

import flet as ft

from app import guide_routes
from app.views.guide import GuideView
from app.views.guide_care import PathwayView, WhoIsWhoView
from app.views.guide_finder import FinderView
from app.views.guide_mine import MyProceduresView
from app.views.guide_procedure import ProcedureView


def _under_home(path: str) -> str:
    return path.removeprefix("/home/")


def guide_route_table() -> list[ft.Route]:
    return [
        ft.Route(path=_under_home(guide_routes.GUIDE), component=GuideView),
        ft.Route(path=_under_home(guide_routes.FINDER), component=FinderView),
        ft.Route(path=_under_home(guide_routes.MINE), component=MyProceduresView),
        ft.Route(path=_under_home(guide_routes.WHO_IS_WHO), component=WhoIsWhoView),
        ft.Route(path=_under_home(guide_routes.PATHWAY), component=PathwayView),
        ft.Route(
            path=_under_home(guide_routes.PROCEDURE.replace("{procedure_id}", ":procedure_id")),
            component=ProcedureView,
        ),
    ]
