"""Protections every request passes through, and the rules for where the server may run.

- Security headers on every response (CSP without inline script, no framing, no
  sniffing, no referrer), and no caching of pages that hold health data.
- A Host-header check: in local mode only loopback names are served, which defeats
  DNS-rebinding attacks from web pages the person visits.
- A request-body limit, enforced on the bytes actually received.
- Start-up rules: local mode (no sign-in) only on a loopback address; multi-user mode
  on a public address only with explicit data and session keys.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onconav.settings import Settings

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Multipart framing around an upload of the maximum size.
BODY_OVERHEAD_BYTES = 1024 * 1024

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
        b"base-uri 'self'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
# The second-opinion packet is one self-contained page (its CSS inline, so that it prints
# and saves as one file): inline styles and data: images, but nothing loaded and no script.
PACKET_HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'"
)


class StartupRefusedError(RuntimeError):
    """The configuration would expose health data; the message says what to change."""


def is_loopback(host: str) -> bool:
    if host.strip("[]") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_startup(settings: Settings) -> None:
    """Refuse configurations that would serve health data without protection."""
    if settings.web_mode == "local" and not is_loopback(settings.host):
        raise StartupRefusedError(
            f"Local mode has no sign-in, so it only runs on this computer (127.0.0.1), not on "
            f"{settings.host}. To serve other people, set ONCONAV_WEB_MODE=multi with "
            "ONCONAV_SECRET_KEY and ONCONAV_SESSION_KEY."
        )
    if settings.web_mode == "multi" and not is_loopback(settings.host):
        missing = [
            name
            for name, value in (
                ("ONCONAV_SECRET_KEY", settings.secret_key),
                ("ONCONAV_SESSION_KEY", settings.session_key),
            )
            if value is None
        ]
        if missing:
            raise StartupRefusedError(
                f"Refusing to serve on the public address {settings.host} without "
                f"{' and '.join(missing)}: records must be encrypted with a key you hold, and "
                "sessions signed with a separate key."
            )
        if not settings.secure_cookies:
            raise StartupRefusedError(
                "Secure cookies cannot be turned off on a public address (serve it over HTTPS)."
            )


def allowed_hosts(settings: Settings) -> frozenset[str]:
    names = set(LOOPBACK_NAMES)
    if settings.web_mode == "multi":
        names.add(settings.host)
        names.update(settings.allowed_hosts)
    return frozenset(name.lower() for name in names)


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SecurityMiddleware:
    """Host check, body limit and security headers, as one ASGI layer."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str], max_body_bytes: int) -> None:
        self.app = app
        self.hosts = frozenset(hosts)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = _host_name(headers.get("host", ""))
        if host not in self.hosts:
            response = _refusal(scope, "Unknown host.", 400)
            await response(scope, receive, self._with_headers(send, scope))
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        received = 0
        answered = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLargeError
            return message

        app_send = self._with_headers(send, scope)

        async def checked_send(message: Message) -> None:
            # A framework may turn the cut-off body into its own error (FastAPI answers
            # 400 "error parsing the body"); the answer is still 413.
            nonlocal answered
            if received > self.max_body_bytes:
                if not answered:
                    answered = True
                    await self._too_large(scope, receive, send)
                return
            await app_send(message)

        try:
            await self.app(scope, limited_receive, checked_send)
        except BodyTooLargeError:
            if not answered:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.max_body_bytes - BODY_OVERHEAD_BYTES
        response = _refusal(
            scope,
            f"The upload is too large: the limit is {limit // (1024 * 1024)} MB.",
            413,
        )
        await response(scope, receive, self._with_headers(send, scope))

    def _with_headers(self, send: Send, scope: Scope) -> Send:
        path = scope.get("path", "")
        cacheable = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if not cacheable and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        return send_with_headers


def _refusal(scope: Scope, message: str, status_code: int) -> Response:
    """The API answers JSON with a ``detail``; pages get the sentence as text."""
    if str(scope.get("path", "")).startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status_code)
    return PlainTextResponse(message, status_code=status_code)


class BodyTooLargeError(Exception):
    pass
