"""`vanban demo`: generate a synthetic province, load it and serve the API and the viewer.

It needs none of the user's files: the plans are invented by vanban.synth.
"""
from __future__ import annotations

from pathlib import Path

from vanban.graph.store import home_dir, open_store
from vanban.i18n import t
from vanban.ingest import load_paths
from vanban.term import echo

from ._common import guarded, stats_line
from .generate import _positive


def register(sub) -> None:
    p = sub.add_parser("demo", help=t("demo.help"), description=t("demo.help"))
    p.add_argument("--plans", type=_positive, default=300, help=t("demo.plans"))
    p.add_argument("--seed", type=int, default=1, help=t("demo.seed"))
    p.add_argument("--corpus", help=t("demo.corpus"))
    p.add_argument("--host", default="127.0.0.1", help=t("serve.host"))
    p.add_argument("--port", type=int, default=8000, help=t("serve.port"))
    p.add_argument("--no-serve", action="store_true", help=t("demo.no_serve"))
    p.set_defaults(func=guarded(run))


def run(args) -> int:
    import sys

    from vanban.synth import generate_corpus

    home = home_dir(args.home)
    corpus = Path(args.corpus) if args.corpus else home / "demo-corpus"
    echo(t("demo.step1", n=args.plans, path=corpus), err=True)
    generate_corpus(corpus, seed=args.seed, plans=args.plans)
    echo(t("demo.step2", home=home, backend=args.backend or "networkx"), err=True)
    store = open_store(args.backend, home)
    report = load_paths(store, [corpus], progress=sys.stderr.isatty())
    echo("    " + t("load.summary", added=len(report.added), updated=len(report.updated),
                      unchanged=len(report.unchanged), removed=len(report.removed), failed=len(report.failed),
                      skipped=len(report.skipped)), err=True)
    echo("    " + stats_line(store.stats()), err=True)
    plans = store.loaded_plans()
    if plans:
        tr = store.trace(plans[-1])
        echo(t("demo.example", ref=tr["document"]["source"] or plans[-1],
               chain=" → ".join(c["code"] or t("no_code") for c in tr["chain"])), err=True)
    if args.no_serve:
        return 0
    import uvicorn

    from vanban.api.app import create_app

    url = f"http://{args.host}:{args.port}"
    echo(t("demo.step3", url=url), err=True)
    uvicorn.run(create_app(store=store), host=args.host, port=args.port, log_level="warning")
    return 0
