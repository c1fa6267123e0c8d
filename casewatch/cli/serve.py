"""``casewatch serve``: the read-only dashboard and JSON API (SPEC §6)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import socket

from casewatch.cli.common import open_app
from casewatch.errors import UsageError

log = logging.getLogger(__name__)


def cmd_serve(args: argparse.Namespace) -> int:
    # Loaded here: the web stack is needed by this command only.
    import uvicorn

    from casewatch.web.app import create_app
    from casewatch.web.database import readonly_engine

    app = open_app(args)
    config = app.config
    if not config.settings.web.token and not is_loopback(args.host):
        raise UsageError(
            f"serving on {args.host} needs a token: set [web] token in {config.path} "
            "(anyone who reaches the address could read every case), or serve on 127.0.0.1"
        )
    engine = readonly_engine(config.settings.database.url, config.redact)
    listener = _listen(args.host, args.port)
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"casewatch: dashboard on http://{shown}:{port}/ (read-only; Ctrl-C stops it)", flush=True
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config, engine),
            log_level="warning" if not args.verbose else "info",
            access_log=args.verbose > 0,
            server_header=False,
            proxy_headers=False,
        )
    )
    server.run(sockets=[listener])
    return 0


def is_loopback(host: str) -> bool:
    """True for "localhost" and loopback addresses (127.0.0.0/8, ::1) only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def _listen(host: str, port: int) -> socket.socket:
    """A bound, listening socket, or UsageError naming why not (port taken, ...)."""
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return listener
