"""The per-tab app state: who is signed in and how they like the app to look.

One `AppState` lives in each browser tab's Python session and is shared with
components through `AppStateContext`. Its methods are the only way the UI
reaches the services, so views stay thin. The AuthSession never leaves the
server; the browser keeps only the refresh token ("remember me").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import flet as ft

from app import routes
from app.device_store import (
    DEVICE_LOCALE_KEY,
    REFRESH_TOKEN_KEY,
    THIS_DEVICE_PUSH_KEY,
    DeviceStore,
)
from app.device_token import sign_in_origin
from app.web.push_bridge import PushBridge
from components.theme import clamp_text_scale
from services.accounts import auth, profiles
from services.accounts.recovery_mail import RecoveryMailer
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession, Locale, PeerStatus, Profile, Role
from services.notifications import preferences

logger = logging.getLogger(__name__)
# What Flet 1.0 raises for a browser read whose tab has closed (flet.messaging.session).
_TAB_GONE = "Session closed"


# Refusals meaning "this stored token is no good": forget it. Anything else
# (the database being down) keeps it so the next visit can try again.
_DEAD_TOKEN_CODES = frozenset(
    {ErrorCode.SESSION_EXPIRED, ErrorCode.INVALID_CREDENTIALS, ErrorCode.NOT_FOUND}
)

_VETTING_ORDER: dict[PeerStatus | None, int] = {
    PeerStatus.APPLICANT: 0,
    PeerStatus.SUSPENDED: 1,
    PeerStatus.APPROVED: 2,
}

_C = TypeVar("_C")


_make_observable: Callable[[type[Any]], type[Any]] = ft.observable


def observable(cls: type[_C]) -> type[_C]:
    """`ft.observable`, typed so mypy keeps seeing the dataclass."""
    return cast(type[_C], _make_observable(cls))


def use_observable(factory: Callable[[], _C]) -> _C:
    """One observable object for the component's lifetime; changes to it re-render.

    (A typed `ft.use_state(factory)`: mypy cannot infer its type variable.)
    """
    value, _ = ft.use_state(cast(Any, factory))
    return cast(_C, value)


@observable
@dataclass
class AppState:
    gateway: Gateway
    device: DeviceStore
    # RELAIS_PUBLIC_URL's origin (with a trailing slash), for links people pass on.
    public_url: str = "http://localhost:8550/"
    # The process's push bridge (ticket book and key); None when push is not set up.
    push_bridge: PushBridge | None = None
    # Set when the server can e-mail (SMTP): an issued recovery code also goes by e-mail.
    recovery_mailer: RecoveryMailer | None = None
    # The browser's address as the web server saw it: sign-in throttling counts by it.
    client_address: str | None = None
    session: AuthSession | None = None
    profile: Profile | None = None
    locale: Locale = Locale.FR
    text_scale: int = 100
    high_contrast: bool = False
    # True until the stored refresh token (if any) has been tried.
    restoring: bool = True
    restore_error: RelaisError | None = field(default=None)
    # Where a visitor who was not signed in was going (a link someone sent them,
    # such as an invitation to join a diary): signing in takes them there.
    destination: str | None = None
    # Set by "sign out": the screen being left is not where the next person goes.
    signed_out_here: bool = False
    # The session was ended from elsewhere (another device, a password change).
    session_ended: bool = False

    # -- who is here ---------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self.session is not None and self.profile is not None

    def remember_destination(self, route: str) -> None:
        if not self.signed_out_here and route.startswith(routes.HOME + "/"):
            self.destination = route

    def take_destination(self) -> str:
        """Where to go once signed in: the remembered link, once, else the home tab."""
        destination, self.destination = self.destination, None
        return destination or routes.HOME_START

    @property
    def is_coordinator(self) -> bool:
        return self.profile is not None and self.profile.role is Role.COORDINATOR

    @property
    def peer_status(self) -> PeerStatus | None:
        return self.profile.peer_status if self.profile is not None else None

    def _signed_in_session(self) -> AuthSession:
        if self.session is None:
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "not signed in")
        return self.session

    # -- start-up ------------------------------------------------------------
    async def restore(self) -> None:
        """Sign the person back in from the refresh token this browser kept."""
        try:
            # Both reads cross the websocket to the browser: ask for them together
            # so a repeat visit waits one round trip, not two.
            device_locale, token = await asyncio.gather(
                self.device.load(DEVICE_LOCALE_KEY), self.device.load(REFRESH_TOKEN_KEY)
            )
            if device_locale in (Locale.FR.value, Locale.EN.value):
                self.locale = Locale(device_locale)
            if token:
                await self._restore_from(token)
        except RuntimeError as error:
            # Flet answers a browser read with this when the tab went away while
            # we waited: nobody is left to sign in, and nothing is lost.
            if str(error) != _TAB_GONE:
                raise
            logger.info("a tab closed before it was restored")
        finally:
            self.restoring = False

    async def _restore_from(self, token: str) -> None:
        try:
            session = await auth.restore_session(self.gateway, refresh_token=token)
            await self._start(session)
        except RelaisError as error:
            if error.code in _DEAD_TOKEN_CODES:
                await self.device.forget(REFRESH_TOKEN_KEY)
            else:
                self.restore_error = error
            logger.info("could not restore a session: %s", error.code.value)

    async def _start(self, session: AuthSession) -> None:
        # The token rotates on every use and the old one is already spent: keep the
        # new one before anything else can fail, or the next visit cannot sign in.
        await self.device.save(REFRESH_TOKEN_KEY, session.refresh_token)
        profile = await profiles.get_my_profile(self.gateway, session)
        self.session = session
        self.signed_out_here = False
        self.session_ended = False
        self._show(profile)
        self.restore_error = None

    async def refresh_profile(self) -> None:
        """Read my profile again: a coordinator has changed my status as a peer supporter."""
        if self.session is None:
            return
        try:
            self.profile = await profiles.get_my_profile(self.gateway, self.session)
        except RelaisError as error:  # the status shows at the next read instead
            logger.info("could not read the profile again: %s", error.code.value)

    def _show(self, profile: Profile) -> None:
        self.profile = profile
        self.locale = profile.locale
        self.text_scale = clamp_text_scale(profile.text_scale)
        self.high_contrast = profile.high_contrast

    # -- accounts ------------------------------------------------------------
    async def sign_up(self, *, email: str, password: str, display_name: str, role: Role) -> None:
        session = await auth.sign_up(
            self.gateway,
            email=email,
            password=password,
            display_name=display_name,
            role=role.value,
            locale=self.locale.value,
            origin=await sign_in_origin(self.device, self.client_address),
        )
        await self._start(session)

    async def sign_in(self, *, email: str, password: str) -> None:
        origin = await sign_in_origin(self.device, self.client_address)
        session = await auth.sign_in(self.gateway, email=email, password=password, origin=origin)
        await self._start(session)

    async def adopt(self, session: AuthSession) -> None:
        """Sign in with a session obtained another way (a password recovery code)."""
        await self._start(session)

    async def end_here(self, ended: AuthSession) -> None:
        """The backend refused `ended`: carry on with a fresh one, else sign this tab out.

        A Supabase access token simply expires (the refresh token then gives a
        new one); a session ended from another device has no refresh token left.
        """
        if self.session is None or self.session.access_token != ended.access_token:
            return  # already replaced by an earlier refusal
        token = await self.device.load(REFRESH_TOKEN_KEY)
        if token:
            try:
                await self._start(await auth.restore_session(self.gateway, refresh_token=token))
                return
            except RelaisError as error:
                logger.info("session ended, not restored: %s", error.code.value)
        await self.device.forget(REFRESH_TOKEN_KEY)
        self.session = None
        self.profile = None
        self.session_ended = True

    async def sign_out(self) -> None:
        session = self.session
        # Forget locally first: even if the server is unreachable, this browser is signed out.
        await self.device.forget(REFRESH_TOKEN_KEY)
        self.session = None
        self.profile = None
        self.signed_out_here = True
        self.destination = None
        if session is not None:
            await self._stop_notifying_this_device(session)
            try:
                await auth.sign_out(self.gateway, session)
            except RelaisError as error:
                logger.info("sign-out not confirmed by the server: %s", error.code.value)

    async def _stop_notifying_this_device(self, session: AuthSession) -> None:
        """A shared phone must not keep showing the notifications of whoever left it."""
        endpoint = await self.device.load(THIS_DEVICE_PUSH_KEY)
        if endpoint is None:
            return
        await self.device.forget(THIS_DEVICE_PUSH_KEY)
        try:
            await preferences.remove_device_by_endpoint(self.gateway, session, endpoint)
        except RelaisError as error:
            logger.info("device not forgotten by the server: %s", error.code.value)

    # -- preferences -----------------------------------------------------------
    async def update_profile(self, **changes: Any) -> None:
        profile = await profiles.update_my_profile(
            self.gateway, self._signed_in_session(), **changes
        )
        self._show(profile)

    async def choose_locale(self, locale: Locale) -> None:
        await self.device.save(DEVICE_LOCALE_KEY, locale.value)
        await self._set_preference("locale", locale)

    async def choose_text_scale(self, percent: int) -> None:
        await self._set_preference("text_scale", clamp_text_scale(percent))

    async def choose_high_contrast(self, enabled: bool) -> None:
        await self._set_preference("high_contrast", enabled)

    async def _set_preference(self, name: str, value: object) -> None:
        """Apply at once (the person sees it), save to the profile, undo if saving fails."""
        previous = getattr(self, name)
        if value == previous:
            return
        setattr(self, name, value)
        if not self.signed_in:
            return
        try:
            await self.update_profile(**{name: value})
        except Exception:
            setattr(self, name, previous)
            raise

    # -- coordination ------------------------------------------------------------
    async def list_peers(self) -> list[Profile]:
        """Peer supporters, applicants first: they are the ones waiting for a decision."""
        everyone = await profiles.list_profiles(self.gateway, self._signed_in_session())
        peers = [person for person in everyone if person.role is Role.PEER]
        return sorted(peers, key=lambda peer: _VETTING_ORDER.get(peer.peer_status, 0))


AppStateContext: ft.ContextProvider[AppState | None] = ft.create_context(None)


def use_app_state() -> AppState:
    state = ft.use_context(AppStateContext)
    if state is None:
        raise RuntimeError("use_app_state() called outside AppStateContext")
    return state
