"""The token gate (SPEC §6): with ``[web] token`` set, every request carries
``Authorization: Bearer <token>`` or the cookie the login form sets.

The cookie holds an HMAC of the token, never the token itself; it is
HTTP-only and SameSite=Strict. The stylesheet and the login form are open,
so that a person without the cookie sees a form rather than a bare 401.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "casewatch_session"
_OPEN = ("/login", "/static/")
_MAX_FORM = 4096  # bytes: a token and a path


def session_value(token: str) -> str:
    """What the cookie holds for ``token``: an HMAC, so a leaked cookie is not the token."""
    return hmac.new(token.encode(), b"casewatch web session", hashlib.sha256).hexdigest()


class TokenGate:
    """ASGI middleware: 401 for a request without the token or the cookie."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.token is None or self._open(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not self.allowed(request):
            await self.refuse(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _open(path: str) -> bool:
        return path == _OPEN[0] or path.startswith(_OPEN[1])

    def allowed(self, request: Request) -> bool:
        assert self.token is not None
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), self.token.encode()
        ):
            return True
        cookie = request.cookies.get(COOKIE, "")
        return hmac.compare_digest(cookie.encode(), session_value(self.token).encode())

    def refuse(self, request: Request) -> Response:
        path = request.url.path
        if path.startswith("/api/") or path == "/openapi.json":
            return JSONResponse(
                {"error": "this dashboard needs its token: Authorization: Bearer <token>"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="casewatch"'},
            )
        site = request.app.state.site
        return site.render(
            "login.html.j2",
            401,
            title="Sign in",
            next=_local_path(request.url.path, request.url.query),
            failed=False,
        )


def _local_path(path: str, query: str = "") -> str:
    """Only a path on this site: "//evil.example" or "https://…" become "/"."""
    target = path + (f"?{query}" if query else "")
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


async def login(request: Request) -> Response:
    """GET: the form. POST: the token checked; the cookie set, and on to ``next``."""
    site = request.app.state.site
    gate_token = site.config.settings.web.token
    if request.method == "GET" or gate_token is None:
        return site.render(
            "login.html.j2",
            title="Sign in",
            next=_local_path(request.query_params.get("next", "/")),
            failed=False,
        )
    body = await request.body()
    form = parse_qs(body[:_MAX_FORM].decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0]
    target = _local_path((form.get("next") or ["/"])[0])
    if not hmac.compare_digest(given.encode(), gate_token.encode()):
        return site.render("login.html.j2", 401, title="Sign in", next=target, failed=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        session_value(gate_token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response
