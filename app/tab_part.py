"""A feature's share of one tab's state, kept beside that tab's AppState.

Features (peer support, notifications) keep per-tab objects in a registry
keyed by the tab. The registry must not keep a closed tab alive, so each part
holds its tab weakly and is forgotten with it; a part used after its tab has
gone refuses with SESSION_EXPIRED rather than acting for nobody.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from app.state import AppState
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession


class TabPart:
    def __init__(self, app: AppState) -> None:
        self._app_ref = weakref.ref(app)

    @property
    def _app(self) -> AppState:
        app = self._app_ref()
        if app is None:
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "the tab has gone")
        return app

    @property
    def gateway(self) -> Gateway:
        return self._app.gateway

    @property
    def session(self) -> AuthSession:
        if self._app.session is None:
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "not signed in")
        return self._app.session


Part = TypeVar("Part")


class PerTab(Generic[Part]):
    """One `Part` per tab, made by the first of its components that asks."""

    def __init__(self, make: Callable[[AppState], Part]) -> None:
        self._make = make
        self._parts: dict[int, Part] = {}
        _registries.append(self)

    def __contains__(self, tab_id: object) -> bool:
        """Whether the tab whose AppState has this id still has its part."""
        return tab_id in self._parts

    def of(self, app: AppState) -> Part:
        found = self._parts.get(id(app))
        if found is None:
            found = self._parts[id(app)] = self._make(app)
            # Forget it with the tab (ids are reused after collection).
            weakref.finalize(app, self._parts.pop, id(app), None)
        return found


_registries: list[PerTab[Any]] = []


def parts_held() -> int:
    """Tab parts held by every registry of the process (for tests: 0 once the tabs are gone)."""
    return sum(len(registry._parts) for registry in _registries)
