"""`vanban demo`: generate a synthetic province, load it and serve the API and the viewer.

It needs none of the user's files: the plans are invented by vanban.synth.
"""
from __future__ import annotations

import sys
from pathlib import Path

from vanban.graph.store import home_dir, open_store
from vanban.ingest import load_paths

from ._common import guarded
from .generate import _positive


def register(sub) -> None:
    p = sub.add_parser("demo", help="generate a synthetic province, load it, serve API + viewer")
    p.add_argument("--plans", type=_positive, default=300, help="about how many plans to generate (default 300)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus", help="folder for the generated plans (default: demo-corpus/ in the store folder, "
                                    "so running the demo again reloads the same plans)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="generate and load, then exit")
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    from vanban.synth import generate_corpus

    home = home_dir(args.home)
    corpus = Path(args.corpus) if args.corpus else home / "demo-corpus"
    print(f"1/3 generating about {args.plans} synthetic plans in {corpus} …", file=sys.stderr)
    generate_corpus(corpus, seed=args.seed, plans=args.plans)
    print(f"2/3 loading them into {home} ({args.backend or 'networkx'}) …", file=sys.stderr)
    store = open_store(args.backend, home)
    report = load_paths(store, [corpus], progress=sys.stderr.isatty())
    st = store.stats()
    print(f"    added {len(report.added)}, unchanged {len(report.unchanged)}, failed {len(report.failed)}; "
          + ", ".join(f"{k} {v}" for k, v in st["nodes"].items()), file=sys.stderr)
    plans = store.loaded_plans()
    if plans:
        tr = store.trace(plans[-1])
        print("    e.g. vanban trace " + (tr["document"]["source"] or plans[-1]) + " → "
              + " → ".join(c["code"] or "(không số)" for c in tr["chain"]), file=sys.stderr)
    if args.no_serve:
        return 0
    import uvicorn

    from vanban.api.app import create_app

    url = f"http://{args.host}:{args.port}"
    print(f"3/3 serving: API {url}/docs   viewer {url}/viz   (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run(create_app(store=store), host=args.host, port=args.port, log_level="warning")
    return 0
