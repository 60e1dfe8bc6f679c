"""`vanban serve [--host 127.0.0.1] [--port 8000]`: the query API over the configured store."""
from __future__ import annotations

import ipaddress
import logging
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="run the query API (FastAPI + uvicorn; docs at /docs)",
        description="Serve the query API over the configured store (--backend/--home, or "
                    "$VANBAN_BACKEND/$VANBAN_HOME). Uploads need VANBAN_API_TOKEN; reads are open "
                    "unless VANBAN_API_READ_TOKEN_REQUIRED=1.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"],
                   help="level of the JSON request log on stderr (default info; warning silences it)")
    p.set_defaults(func=run)


class _PrintUrl(logging.Filter):
    """Print the real URL once uvicorn has bound the socket (works with --port 0)."""

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
            print(f"vanban: serving on http://{shown}:{port}  (API docs: http://{shown}:{port}/docs)",
                  flush=True)
        return True


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
    return (f"vanban serve: listening on {host or 'every address'}, not only on this machine, and reads need "
            "no token: anyone who reaches this port can read every loaded plan. Set VANBAN_API_TOKEN and "
            "VANBAN_API_READ_TOKEN_REQUIRED=1, or serve on --host 127.0.0.1.")


def run(args) -> int:
    import uvicorn

    from vanban.api.app import create_app
    from vanban.api.deps import Settings

    try:
        settings = Settings.from_env(backend=getattr(args, "backend", None), home=getattr(args, "home", None))
    except ValueError as exc:
        print(f"vanban serve: {exc}", file=sys.stderr)
        return 2
    log = logging.getLogger("vanban.api")
    log.setLevel(args.log_level.upper())
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(h)
        log.propagate = False
    if not settings.token:
        print("vanban serve: VANBAN_API_TOKEN is not set: uploads are refused (reads work)", file=sys.stderr)
    warning = open_reads_warning(args.host, settings.read_token_required)
    if warning:
        print(warning, file=sys.stderr)
    app = create_app(settings=settings)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=False, log_level="info",
                            server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    ref = [server]
    logging.getLogger("uvicorn.error").addFilter(_PrintUrl(ref))
    server.run()
    return 0
