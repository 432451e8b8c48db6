"""``create_app(settings)``: the FastAPI application, pages and API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onconav import __version__
from onconav.answer.engine import AnswerEngine
from onconav.settings import Settings
from onconav.store import Store
from onconav.web.deps import SignInRequiredError
from onconav.web.jobs import Jobs
from onconav.web.security import (
    BODY_OVERHEAD_BYTES,
    SecurityMiddleware,
    allowed_hosts,
    check_startup,
)
from onconav.web.sessions import COOKIE_NAME, RateLimiter, SessionStore, load_session_key
from onconav.web.state import WebState

ANONYMOUS_QUESTIONS_PER_MINUTE = 30
# One address may try a few accounts (a shared household or office), not hundreds.
SIGN_IN_ATTEMPTS_PER_ADDRESS_FACTOR = 4


class SessionMiddleware:
    """Attaches the server-side session to each request and refreshes its cookie."""

    def __init__(self, app: ASGIApp, state: WebState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/static/") or path == "/healthz":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        sessions = self.state.sessions
        session = sessions.from_cookie(request.cookies.get(COOKIE_NAME)) or sessions.new()
        scope.setdefault("state", {})["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["state"]["session"]
                response = Response()
                response.set_cookie(
                    COOKIE_NAME,
                    sessions.cookie_value(current),
                    max_age=sessions.max_age,
                    httponly=True,
                    secure=self.state.settings.secure_cookies,
                    samesite="lax",
                    path="/",
                )
                cookie = response.headers["set-cookie"].encode("latin-1")
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"set-cookie", cookie)],
                }
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def create_app(settings: Settings, *, engine: AnswerEngine | None = None) -> FastAPI:
    check_startup(settings)
    store = Store.open(settings)
    state = WebState(
        settings=settings,
        store=store,
        engine=engine or AnswerEngine.open(settings),
        sessions=SessionStore(load_session_key(settings), settings.session_max_age_hours * 3600),
        limiter=RateLimiter(
            settings.sign_in_attempts_per_minute,
            per_address_per_minute=SIGN_IN_ATTEMPTS_PER_ADDRESS_FACTOR
            * settings.sign_in_attempts_per_minute,
        ),
        jobs=Jobs(),
        ask_limiter=RateLimiter(ANONYMOUS_QUESTIONS_PER_MINUTE),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.shutdown()
        state.store.close()

    app = FastAPI(
        title="onconav",
        version=__version__,
        description="Cited, plain-language guidance for people living with MDS. Information, "
        "not medical advice.",
        lifespan=lifespan,
        docs_url=None,  # /api/docs is onconav's own page (api.reference): no CDN, no script
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.onconav = state

    @app.exception_handler(SignInRequiredError)
    async def _sign_in(request: Request, _: SignInRequiredError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "Please sign in."}, status_code=401)
        return RedirectResponse("/account/sign-in", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__, "mode": settings.web_mode}

    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("onconav.web").joinpath("static"))),
        name="static",
    )
    from onconav.web.api import router as api_router
    from onconav.web.api.errors import add_api_error_handlers
    from onconav.web.api.reference import router as api_reference_router
    from onconav.web.pages import router as pages_router

    add_api_error_handlers(app)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        # An unknown address outside the API (no route) is shown as a page, in words.
        if request.url.path.startswith("/api/"):
            return await http_exception_handler(request, error)
        from onconav.web.pages.errors import error_page

        message = (
            "There is no page at this address. Use the menu to find your way."
            if error.status_code == 404
            else str(error.detail)
        )
        return error_page(request, error.status_code, message)

    app.include_router(api_router, prefix="/api/v1")
    app.include_router(api_reference_router)
    app.include_router(pages_router)
    app.add_middleware(SessionMiddleware, state=state)
    app.add_middleware(
        SecurityMiddleware,
        hosts=allowed_hosts(settings),
        max_body_bytes=settings.max_upload_bytes + BODY_OVERHEAD_BYTES,
    )
    return app
