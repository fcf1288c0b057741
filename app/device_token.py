"""This browser's device token: proof, at sign-in, that it has signed in here before.

A random token kept in the browser's SharedPreferences (localStorage), made
the first time it is needed and kept across sign-outs. The server stores only
a hash of it with the account it signed in to, so a browser that knows the
password and holds the token is counted apart from strangers guessing the
same e-mail elsewhere (services/local/sign_in_throttle.py).
"""

from __future__ import annotations

import secrets

from app.device_store import DeviceStore
from services.models import SignInOrigin

DEVICE_TOKEN_KEY = "relais.device_token"  # noqa: S105 (a storage key, not a secret)


async def sign_in_origin(store: DeviceStore, address: str | None) -> SignInOrigin:
    token = await store.load(DEVICE_TOKEN_KEY)
    if token is None or not 16 <= len(token) <= 100:
        token = secrets.token_urlsafe(32)
        await store.save(DEVICE_TOKEN_KEY, token)
    return SignInOrigin(address=address[:100] if address else None, device_token=token)
