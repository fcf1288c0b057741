"""Limits local mode applies where GoTrue and PostgREST would apply theirs.

The values come from settings (app/settings.py); these defaults are what a
server started with no settings uses, and what the tests use unless they
shorten a limit to see it act.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuthLimits:
    """How many guesses each key gets before sign-in slows down, and how fast it slows.

    Past its free attempts a key waits `first_delay` seconds, then twice as
    long after each further attempt, up to `max_delay`: attempts that arrive
    sooner are refused without checking any password. Slowing rather than
    refusing for good means a hospital's shared address, or a stranger
    guessing at someone's e-mail, can make people wait but never shuts them out.
    """

    per_email: int = 5
    # One address can be a whole ward behind a hospital's Wi-Fi: more room,
    # and a successful sign-in gives its attempt back.
    per_address: int = 20
    # A browser that has signed in to this account before has its own count,
    # which strangers guessing the e-mail elsewhere cannot touch.
    per_device: int = 10
    first_delay: float = 2.0
    max_delay: float = 600.0
    # Each key forgets one attempt every so many seconds: a day of ordinary
    # typos never adds up, while a guesser is held to about this pace.
    email_refill: float = 900.0
    address_refill: float = 180.0
    device_refill: float = 360.0
    # A rotated refresh token presented again within this many seconds is
    # refused but tolerated (two tabs restoring at once); later, it is taken
    # as a stolen copy and the whole session ends.
    refresh_reuse_seconds: float = 10.0


@dataclass(frozen=True)
class CallTimeouts:
    """Timeouts for every statement a user's call runs (milliseconds)."""

    statement_ms: int = 5000
    lock_ms: int = 2000
