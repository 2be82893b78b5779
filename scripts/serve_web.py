#!/usr/bin/env python3
"""Serve the widget demo page (stdlib only).

    python scripts/serve_web.py [--port 8080] [--host 127.0.0.1]
                                [--server-url http://localhost:5005]
                                [--jwt-secret-env SOCKETIO_JWT_SECRET]

Routes:
    /                 web/index.html, with data-server-url (and data-lang from ?lang=,
                      data-token when --jwt-secret-env is given) filled in
    /widget/<file>    widget/dist/<file>  (build it first: cd widget && npm ci && npm run build)
    /<file>           other static files from web/

With --jwt-secret-env NAME the page gets a fresh HS256 token (1 hour) on every load, signed with
the secret in environment variable NAME - the same secret as Rasa's socketio `jwt_key`. This is
how a real host site should do it: mint short-lived tokens server-side, never ship the secret.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import json
import mimetypes
import os
import re
import secrets
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
DIST_DIR = ROOT / "widget" / "dist"
WIDGET_FILE = "hk-visa-widget.js"
LANGS = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans", "zh-hk": "zh-Hant", "zh-tw": "zh-Hant"}

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".map")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_hs256(secret: str, ttl_seconds: int = 3600) -> str:
    """A minimal HS256 JWT (what Rasa's socketio channel verifies with PyJWT)."""
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {"sub": "web-" + secrets.token_hex(8), "iat": now, "exp": now + ttl_seconds}
    signing_input = ".".join(
        _b64url(json.dumps(p, separators=(",", ":")).encode()) for p in (header, payload)
    )
    sig = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64url(sig)


def _set_attr(page: str, name: str, value: str) -> str:
    """Set (or add) attribute `name` on the widget's <script> tag."""
    tag_re = re.compile(r"<script\b[^>]*\bdata-server-url=[^>]*>", re.S)
    m = tag_re.search(page)
    if not m:
        return page
    tag = m.group(0)
    escaped = html.escape(value, quote=True)
    attr_re = re.compile(r'\b%s="[^"]*"' % re.escape(name))
    if attr_re.search(tag):
        new_tag = attr_re.sub(lambda _: f'{name}="{escaped}"', tag, count=1)
    else:
        new_tag = tag[:-1].rstrip() + f'\n          {name}="{escaped}">'
    return page[: m.start()] + new_tag + page[m.end():]


def connect_sources(server_url: str) -> str:
    parts = urlsplit(server_url)
    if not parts.scheme or not parts.netloc:
        return ""
    ws = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc} {ws}://{parts.netloc}"


class Handler(BaseHTTPRequestHandler):
    server_version = "hk-visa-web/1"
    config: argparse.Namespace  # set in make_server

    def log_message(self, fmt, *args):  # quieter logs; keep errors visible
        if not self.config.quiet:
            super().log_message(fmt, *args)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self, msg: str = "not found") -> None:
        self._send(HTTPStatus.NOT_FOUND, msg.encode() + b"\n", "text/plain; charset=utf-8")

    def _index(self, query: dict) -> None:
        page = (WEB_DIR / "index.html").read_text(encoding="utf-8")
        page = _set_attr(page, "data-server-url", self.config.server_url)
        lang = LANGS.get((query.get("lang") or [""])[0].lower())
        if lang:
            page = _set_attr(page, "data-lang", lang)
            page = page.replace('<html lang="en">', f'<html lang="{lang}">', 1)
        if self.config.jwt_secret:
            page = _set_attr(page, "data-token", mint_hs256(self.config.jwt_secret))
        # Strict CSP for the demo page: no inline script, no eval; the widget only needs
        # script from here and a connection to the Rasa server.
        csp = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"connect-src 'self' {connect_sources(self.config.server_url)}; "
            "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
        self._send(
            HTTPStatus.OK,
            page.encode("utf-8"),
            "text/html; charset=utf-8",
            {"Content-Security-Policy": csp, "Cache-Control": "no-store"},
        )

    def _static(self, base: Path, rel: str) -> None:
        target = (base / rel).resolve()
        if base.resolve() not in target.parents or not target.is_file():
            if base == DIST_DIR and not (DIST_DIR / WIDGET_FILE).exists():
                return self._not_found(
                    "widget not built: run `cd widget && npm ci && npm run build`"
                )
            return self._not_found()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype == "application/json":
            ctype += "; charset=utf-8"
        self._send(HTTPStatus.OK, target.read_bytes(), ctype, {"Cache-Control": "no-cache"})

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        if path in ("/", "/index.html"):
            return self._index(parse_qs(parts.query))
        if path == "/healthz":
            return self._send(HTTPStatus.OK, b"ok\n", "text/plain; charset=utf-8")
        if path.startswith("/widget/"):
            return self._static(DIST_DIR, path[len("/widget/"):])
        return self._static(WEB_DIR, path.lstrip("/"))

    do_HEAD = do_GET


def make_server(args: argparse.Namespace) -> ThreadingHTTPServer:
    Handler.config = args
    return ThreadingHTTPServer((args.host, args.port), Handler)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", 8080)))
    p.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"),
                   help="bind address (default 127.0.0.1; use 0.0.0.0 in a container)")
    p.add_argument("--server-url", default=os.environ.get("RASA_PUBLIC_URL", "http://localhost:5005"),
                   help="Rasa server URL as the BROWSER sees it (default http://localhost:5005)")
    p.add_argument("--jwt-secret-env", default=None, metavar="NAME",
                   help="mint a per-page HS256 token with the secret in env var NAME")
    p.add_argument("--quiet", action="store_true", help="no per-request log lines")
    args = p.parse_args(argv)
    args.server_url = args.server_url.rstrip("/")
    args.jwt_secret = None
    if args.jwt_secret_env:
        args.jwt_secret = os.environ.get(args.jwt_secret_env)
        if not args.jwt_secret:
            p.error(f"environment variable {args.jwt_secret_env} is empty or unset")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (DIST_DIR / WIDGET_FILE).exists():
        print(f"warning: {DIST_DIR / WIDGET_FILE} missing - run `cd widget && npm ci && npm run build`",
              file=sys.stderr)
    httpd = make_server(args)
    print(f"Serving demo on http://{args.host}:{httpd.server_address[1]}/ "
          f"(widget talks to {args.server_url})", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
