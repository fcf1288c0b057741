"""What a push service checks and a browser decrypts (RFC 8291, RFC 8292), for tests.

Kept apart from the server in push_service.py: the same checks serve a test
that reads a push some other way (a browser's service worker, a benchmark).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

# RFC 8292 §2: a JWT must not be valid for more than 24 hours.
MAX_VAPID_LIFETIME_SECONDS = 24 * 3600
# RFC 8030 §7.2: push services must take 4096 bytes of payload; ours refuses twice that.
MAX_BODY_BYTES = 8192


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decrypt(
    headers: Mapping[str, str],
    body: bytes,
    private_key: ec.EllipticCurvePrivateKey,
    auth_secret: bytes,
) -> tuple[dict[str, Any] | None, str | None]:
    """The push's JSON payload, or why it cannot be read."""
    if "ttl" not in headers:  # RFC 8030 §5.2: TTL is required
        return None, "missing TTL"
    if len(body) > MAX_BODY_BYTES:
        return None, "too large"
    if headers.get("content-encoding") != "aes128gcm":
        return None, f"content encoding {headers.get('content-encoding')!r}, not aes128gcm"
    try:
        plain = http_ece.decrypt(
            body,
            private_key=private_key,
            auth_secret=auth_secret,
            version="aes128gcm",
        )
        decoded = json.loads(plain)
    except Exception as error:  # a test wants to read why, not a stack trace from a thread
        return None, f"undecryptable: {error!r}"
    if not isinstance(decoded, dict):
        return None, "payload is not a JSON object"
    return decoded, None


def check_vapid(
    headers: Mapping[str, str], origin: str, expected_key: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<P-256 public key>`; the claims, or why not."""
    scheme, _, params = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "vapid":
        return None, f"vapid: scheme {scheme!r}, not 'vapid'"
    fields = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
    token, key = fields.get("t", ""), fields.get("k", "")
    if expected_key is not None and key.rstrip("=") != expected_key.rstrip("="):
        return None, "vapid: signed with another key than the subscription's"
    try:
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
        header_part, claims_part, signature_part = token.split(".")
        signature = unb64url(signature_part)
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        public_key.verify(der, f"{header_part}.{claims_part}".encode(), ec.ECDSA(hashes.SHA256()))
        header = json.loads(unb64url(header_part))
        claims = json.loads(unb64url(claims_part))
    except (ValueError, InvalidSignature) as error:
        return None, f"vapid: bad token ({error!r})"
    now = time.time()
    if header.get("alg") != "ES256" or len(signature) != 64:
        return None, "vapid: not ES256"
    if claims.get("aud") != origin:
        return None, f"vapid: audience {claims.get('aud')!r}, not {origin!r}"
    if not now < float(claims.get("exp", 0)) <= now + MAX_VAPID_LIFETIME_SECONDS:
        return None, "vapid: expired or valid too long"
    if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
        return None, "vapid: no contact (sub)"
    return claims, None
