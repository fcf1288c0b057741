"""The one interface between services and a backend.

Two implementations exist: `SupabaseGateway` (supabase-py async client) and
`LocalGateway` (embedded PostgreSQL). Both run data calls *under the signed-in
user's identity* so row-level security in supabase/migrations decides what
each call may see or change; nothing here authorizes anything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from services.models import AuthSession, Credentials, SignInOrigin, SignUpForm

Row = dict[str, Any]
# Realtime callbacks get the topic and the event payload (a small JSON object).
EventCallback = Callable[[str, Mapping[str, Any]], Awaitable[None]]


class Subscription(Protocol):
    async def unsubscribe(self) -> None: ...


class Gateway(Protocol):
    # -- accounts ---------------------------------------------------------
    async def sign_up(
        self, form: SignUpForm, *, origin: SignInOrigin | None = None
    ) -> AuthSession: ...

    async def sign_in(
        self, credentials: Credentials, *, origin: SignInOrigin | None = None
    ) -> AuthSession:
        """`origin` (address, device token) lets local mode throttle guesses; GoTrue
        counts by the address it sees itself."""
        ...

    async def sign_out(self, session: AuthSession) -> None: ...

    async def restore(self, refresh_token: str) -> AuthSession:
        """Exchange a stored refresh token for a fresh session (the token rotates)."""
        ...

    async def change_password(
        self, session: AuthSession, *, current_password: str, new_password: str
    ) -> None: ...

    @property
    def recovery_by_coordinator(self) -> bool:
        """True when recovery codes come from a coordinator (local mode), not by e-mail."""
        ...

    async def request_password_reset(self, email: str) -> None:
        """Send a recovery code by e-mail when this backend can; silent whether or not
        an account has this e-mail."""
        ...

    async def reset_password(self, *, email: str, code: str, new_password: str) -> AuthSession:
        """Set a new password with a recovery code; every other session of the person ends."""
        ...

    async def delete_account(
        self, session: AuthSession, *, password: str, confirmation: str
    ) -> None:
        """Prove the password again, then delete the account (public.delete_my_account)."""
        ...

    # -- data, always as `session`'s user -----------------------------------
    async def rpc(
        self, session: AuthSession, function: str, params: Mapping[str, Any] | None = None
    ) -> Any: ...

    async def select(
        self,
        session: AuthSession,
        table: str,
        *,
        columns: Sequence[str] = ("*",),
        eq: Mapping[str, Any] | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
    ) -> list[Row]: ...

    async def insert(
        self, session: AuthSession, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[Row]: ...

    async def update(
        self, session: AuthSession, table: str, values: Mapping[str, Any], *, eq: Mapping[str, Any]
    ) -> list[Row]: ...

    async def delete(
        self, session: AuthSession, table: str, *, eq: Mapping[str, Any]
    ) -> list[Row]: ...

    # -- realtime ---------------------------------------------------------------
    async def subscribe(self, topic: str, callback: EventCallback) -> Subscription:
        """Receive events published on `topic` (process-wide; see DESIGN.md decision 5)."""
        ...

    async def close(self) -> None: ...
