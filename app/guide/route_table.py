"""The guide's screens in the route table, under the signed-in home ("/home/...")."""

from __future__ import annotations

import flet as ft

from app.guide import routes as guide_routes
from app.guide.care import PathwayView, WhoIsWhoView
from app.guide.finder import FinderView
from app.guide.home import GuideView
from app.guide.mine import MyProceduresView
from app.guide.procedure import ProcedureView


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
