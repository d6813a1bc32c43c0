"""dangan's web interface: a Flask app with an HTML search (pages) and a JSON API (api).

    create_app()                    defaults, then DANGAN_* environment variables
    create_app({"INDEX_DIR": ...})  defaults, then the given mapping (tests)

The views only call indexer's public functions; errors the indexer raises for people
(QueryError, DocumentNotFound, IndexMissing) become a friendly page or the API's JSON error.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from indexer import DanganError, DocumentNotFound, IndexMissing, QueryError, in_quotes

if TYPE_CHECKING:  # Flask is imported inside the functions: `dangan index` never loads it
    from flask import Flask
    from werkzeug.exceptions import HTTPException

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# HTTP status of each error the indexer raises for people.
ERROR_STATUS = {QueryError: 400, DocumentNotFound: 404, IndexMissing: 503}
# The API's error.code of each HTTP error that is not one of the indexer's.
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
              500: "internal_error", 503: "unavailable"}

# What the HTML error page says for each status, in Chinese.
ERROR_TITLES = {
    400: "无法理解这个请求",
    404: "找不到这个页面",
    405: "不支持这种请求方式",
    500: "服务器出了点问题",
    503: "搜索暂时不可用",
}
DEFAULT_HINTS = {
    404: "请检查网址，或回到首页重新搜索。",
    500: "这不是你的问题。请稍后再试；如果一直出现，请告诉维护者。",
    503: "先运行 dangan index 建立索引，然后刷新本页。",
}


def create_app(test_config: dict | None = None) -> Flask:
    # Flask is imported here, not above: `dangan index` and `dangan watch` never load it.
    from flask import Flask
    from werkzeug.exceptions import HTTPException, InternalServerError

    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR="dangan-index", ARCHIVE_DIR="archive")
    if test_config is not None:
        app.config.from_mapping(test_config)
    else:
        app.config.from_prefixed_env("DANGAN")
    app.json.ensure_ascii = False  # readable Chinese in the API
    app.json.sort_keys = False  # keep the documented key order
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.add_template_filter(in_quotes, "quoted")  # “q”, its own quotes nested, never doubled
    from .browse import source_label

    app.add_template_filter(source_label, "source_label")

    from . import api, copies, feeds, figures, pages, speakers
    figures.tolerance(app.config)  # a bad FIGURES_TOLERANCE stops the start, saying which

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(figures.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(copies.bp)
    app.register_blueprint(speakers.bp)
    app.after_request(_security_headers)
    app.register_error_handler(DanganError, _dangan_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    return app


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def wants_json() -> bool:
    """Whether the error should be the API's JSON (every /api/ URL) rather than a page."""
    from flask import request

    return request.path == "/api" or request.path.startswith("/api/")


def error_status(exc: DanganError) -> int:
    """The HTTP status of an error the indexer raised for people."""
    return next((s for cls, s in ERROR_STATUS.items() if isinstance(exc, cls)), 400)


def error_response(status: int, message: str, hint: str = "", code: str = ""):
    """The one error shape: JSON under /api/, a friendly Chinese page elsewhere."""
    from flask import render_template

    if wants_json():
        from .api import error_body

        return error_body(status, message, hint, code or HTTP_CODES.get(status, "error")), status
    title = ERROR_TITLES.get(status, "出错了")
    return render_template("error.html", status=status, title=title,
                           message=message, hint=hint or DEFAULT_HINTS.get(status, "")), status


def _dangan_error(exc: DanganError):
    status = error_status(exc)
    hint = exc.hint or DEFAULT_HINTS.get(status, "")
    return error_response(status, exc.message, hint, exc.code)


_HTTP_MESSAGES = {
    400: "请求的参数不对。",
    404: "没有这个页面。",
    405: "这个地址不支持这种请求方式。",
}


def _http_error(exc: HTTPException):
    from flask import make_response

    if exc.code is None or exc.code < 400:  # pragma: no cover - redirects are not errors
        return exc
    if exc.code >= 500:
        return _server_error(exc)
    message = _HTTP_MESSAGES.get(exc.code, f"请求无法处理（{exc.code} {exc.name}）。")
    response = make_response(*error_response(exc.code, message, DEFAULT_HINTS.get(exc.code, "")))
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _server_error(exc: HTTPException):
    # Never a traceback: Flask has logged the exception; people get a calm message.
    status = exc.code if exc.code and exc.code >= 500 else 500
    message = "服务器内部错误。" if status == 500 else ERROR_TITLES.get(status, "服务器暂时不可用。")
    return error_response(status, message, DEFAULT_HINTS.get(status, DEFAULT_HINTS[500]))
