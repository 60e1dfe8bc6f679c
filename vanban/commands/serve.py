"""`vanban serve [--host 127.0.0.1] [--port 8000]`: the query API over the configured store."""
from __future__ import annotations

import ipaddress
import logging
import sys

from vanban.i18n import t
from vanban.term import echo


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help=t("serve.help"), description=t("serve.description"))
    p.add_argument("--host", default="127.0.0.1", help=t("serve.host"))
    p.add_argument("--port", type=int, default=8000, help=t("serve.port"))
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"],
                   help=t("serve.log_level"))
    p.set_defaults(func=run)


class _PrintUrl(logging.Filter):
    """Print the real URL once uvicorn has bound the socket (works with --port 0).

    uvicorn's own progress lines (INFO: "Started server process", "Application startup
    complete", ...) are English and say nothing the URL line does not: they are dropped.
    Its warnings and errors are kept."""

    def __init__(self, server_ref):
        super().__init__()
        self.server_ref = server_ref
        self.done = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.done and "Uvicorn running on" in record.getMessage():
            self.done = True
            server = self.server_ref[0]
            try:
                host, port = server.servers[0].sockets[0].getsockname()[:2]
            except Exception:  # noqa: BLE001
                host, port = server.config.host, server.config.port
            shown = f"[{host}]" if ":" in str(host) else host
            echo(t("serve.listening", host=shown, port=port))
            sys.stdout.flush()
        return record.levelno >= logging.WARNING


def open_reads_warning(host: str, read_token_required: bool) -> str | None:
    """The warning for a server that other machines may read without a token: a host that is not
    loopback (0.0.0.0, ::, a LAN address or any name but localhost) while reads need no token."""
    if read_token_required:
        return None
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host.lower().rstrip(".") == "localhost"
    if loopback:
        return None
    return t("serve.open_reads", host=host or "0.0.0.0")


def run(args) -> int:
    import uvicorn

    from vanban.api.app import create_app
    from vanban.api.deps import Settings

    try:
        settings = Settings.from_env(backend=getattr(args, "backend", None), home=getattr(args, "home", None))
    except ValueError as exc:
        echo(t("serve.bad_settings", detail=exc), err=True)
        return 2
    log = logging.getLogger("vanban.api")
    log.setLevel(args.log_level.upper())
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(h)
        log.propagate = False
    if not settings.token:
        echo(t("serve.no_token"), err=True)
    warning = open_reads_warning(args.host, settings.read_token_required)
    if warning:
        echo(warning, err=True)
    app = create_app(settings=settings)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=False, log_level="info",
                            server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    ref = [server]
    logging.getLogger("uvicorn.error").addFilter(_PrintUrl(ref))
    server.run()
    return 0
