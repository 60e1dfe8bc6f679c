"""vanban as a user installs it, not as the suite imports it (editable): the built wheel, and the
Docker image's install path, each into a fresh venv with no access to this checkout, then the CLI
and the server from there.

Dependencies come from a wheelhouse built once per session with `pip wheel` (from PyPI, or pip's
cache), so both installs resolve the real dependency list, offline and the same way."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

import docker_context

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chain"
ROOTS = {"vanban": "vanban", "graph": "vanban.graph", "loaders": "vanban.loaders",
         "api": "vanban.api", "viz": "vanban.viz"}
DATA_FOLDERS = ("data", "static", "templates")

pytestmark = pytest.mark.packaging


def _run(argv, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("timeout", 600)
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{argv} exited {p.returncode}\nstdout:\n{p.stdout[-3000:]}\nstderr:\n{p.stderr[-3000:]}"
    return p


def _no_warnings(p: subprocess.CompletedProcess) -> None:
    noise = [line for line in (p.stdout + p.stderr).splitlines() if re.search(r"(?i:warning)|DEPRECATION", line)]
    assert not noise, "the build or install printed warnings:\n" + "\n".join(noise)


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would let the venv see this checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith(("VANBAN_", "NEO4J_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> tuple[Path, Path]:
    """(folder of wheels: vanban, its dependencies and its build requirements; the vanban wheel).
    Built from the files `docker build` would see (.dockerignore drops .venv, build/, egg-info, caches),
    so nothing left over in this checkout's build/ can slip into the wheel."""
    tmp = tmp_path_factory.mktemp("wheelhouse")
    src, house = tmp / "src", tmp / "wheels"
    for rel in docker_context.context_files(REPO):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, src / rel)
    env = _clean_env()
    built = _run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(house), f"{src}[{_image_extras()}]"],
                 env=env, cwd=tmp)
    _no_warnings(built)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(house), *_pyproject()["build-system"]["requires"]],
         env=env, cwd=tmp)
    wheels = list(house.glob("vanban-*.whl"))
    assert len(wheels) == 1, wheels
    return house, wheels[0]


def _image_extras() -> str:
    """The extras the Dockerfile's `pip install ".[x,y]"` asks for, so the wheelhouse holds them too."""
    image = docker_context.parse(REPO / "Dockerfile")
    extras = {e.strip() for _, argv in image.pip_installs for a in argv
              for m in [re.fullmatch(r"\.\[([\w,\s-]+)\]", a.strip("'\""))] if m for e in m.group(1).split(",")}
    assert extras, "the Dockerfile installs no extra; the wheelhouse expects `.[ocr]`"
    return ",".join(sorted(extras))


def _fresh_venv(where: Path) -> tuple[Path, list[str]]:
    """(its bin folder, the pip command that installs into it). The pip is this suite's, pointed at
    the new interpreter (`--python`): the venv's own pip would only cost an ensurepip per test.
    PIP_NO_COMPILE: byte-compiling every installed dependency took ~75% of an install (40 of
    50 s on the shared 2-core machine); modules the checks import are compiled as they load."""
    venv.EnvBuilder(with_pip=False, clear=True).create(where)
    return where / "bin", [sys.executable, "-m", "pip", "--python", str(where / "bin" / "python")]


# --------------------------------------------------------------------------- what the wheel holds
def test_wheel_holds_every_module_and_data_file(wheelhouse):
    _, wheel = wheelhouse
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for folder, package in ROOTS.items():
        base = REPO / folder
        for f in base.rglob("*"):
            rel = f.relative_to(base)
            if not f.is_file() or "__pycache__" in rel.parts or any(p.startswith(".") for p in rel.parts):
                continue
            if f.suffix == ".py" or (rel.parts[0] in DATA_FOLDERS or set(rel.parts[:-1]) & set(DATA_FOLDERS)):
                expected.add("/".join([*package.split("."), *rel.parts]))
    assert not expected - names, f"left out of the wheel: {sorted(expected - names)}"
    # nothing generic lands at the top of site-packages
    assert {n.split("/")[0] for n in names} == {"vanban", f"vanban-{_pyproject()['project']['version']}.dist-info"}
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in meta
    for f in _pyproject()["project"]["license-files"]:
        assert any(n.endswith(f".dist-info/licenses/{f}") for n in names), f


# --------------------------------------------------------------------------- the installed program works
def _installed_checks(bin_dir: Path, work: Path) -> None:
    """What a user does first, with the installed `vanban`, from a folder outside any checkout."""
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    env = _clean_env(VANBAN_HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PYTHONDONTWRITEBYTECODE", None)        # let the first imports leave .pyc (see _fresh_venv)
    run = dict(env=env, cwd=work, timeout=300)
    vanban, python = str(bin_dir / "vanban"), str(bin_dir / "python")

    imports = "import vanban.graph, vanban.api.routers, vanban.commands; print(vanban.graph.__file__)"
    where = _run([python, "-c", imports], **run).stdout.strip()
    assert Path(where).is_relative_to(bin_dir.parent) and not Path(where).is_relative_to(REPO), where

    version = _pyproject()["project"]["version"]
    assert _run([vanban, "--version"], **run).stdout.strip() == f"vanban {version}"
    assert _run([python, "-m", "vanban", "--version"], **run).stdout.strip() == f"vanban {version}"
    helptext = _run([vanban, "--help"], **run).stdout
    for name in sorted(p.stem for p in (REPO / "vanban" / "commands").glob("[!_]*.py")):
        assert re.search(rf"\b{name}\b", helptext), f"`vanban {name}` is missing from the installed --help"

    extracted = json.loads(_run([vanban, "extract", str(FIXTURES / "xa_kh_3.txt"), "--json"], **run).stdout)
    assert extracted[0]["document"]["code"] == "3/KH-UBND"
    assert "8/KH-UBND" in {c["code"] for c in extracted[0]["citations"]}

    _run([vanban, "load", str(FIXTURES)], **run)
    trace = json.loads(_run([vanban, "trace", "xa_kh_3.txt", "--json"], **run).stdout)
    assert "21/KH-UBND" in json.dumps(trace, ensure_ascii=False)        # commune -> district -> province
    check = json.loads(_run([vanban, "check", "--json"], **run).stdout)  # the packaged default rule pack
    assert check["violations"]

    log = open(work / "serve.log", "w+")
    server = subprocess.Popen([vanban, "serve", "--host", "127.0.0.1", "--port", "0"], env=env, cwd=work,
                              stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    try:
        first = server.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", first)
        assert m, (first, Path(log.name).read_text())
        base = f"http://127.0.0.1:{m.group(1)}"
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.get("/healthz").status_code == 200
            docs = client.get("/docs")
            assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
            assert "/trace" in docs.text
            viz = client.get("/viz")
            assert viz.status_code == 200 and "vis-network" in viz.text   # inlined from pyvis, with its licence
            listed = client.get("/documents").json()
            assert "3/KH-UBND" in json.dumps(listed, ensure_ascii=False)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
        server.stdout.close()
        log.close()


def test_the_wheel_installs_into_a_fresh_venv_and_runs(wheelhouse, tmp_path):
    house, wheel = wheelhouse
    bin_dir, pip = _fresh_venv(tmp_path / "venv")
    installed = _run([*pip, "install", "-q", "--no-index", "--find-links", str(house), str(wheel)],
                     env=_clean_env(PIP_NO_COMPILE="1"), cwd=tmp_path)
    _no_warnings(installed)
    _installed_checks(bin_dir, tmp_path / "work")


def test_the_docker_image_install_path_runs(wheelhouse, tmp_path):
    """Exactly the files the Dockerfile COPYs (after .dockerignore), installed with its RUN line's
    `pip install`, in its WORKDIR, with its ENV; only the package index is the session's wheelhouse."""
    house, _ = wheelhouse
    image = docker_context.parse(REPO / "Dockerfile")
    assert image.pip_installs, "the Dockerfile has no RUN pip install"
    root = tmp_path / "image"
    laid = docker_context.materialise(REPO, image, root)
    assert "/app/LICENSE" in laid and not any("__pycache__" in p or ".egg-info" in p for p in laid)
    bin_dir, pip = _fresh_venv(tmp_path / "venv")
    env = _clean_env(**{k: v for k, v in image.env.items() if k.startswith("PIP_")},
                     PIP_NO_INDEX="1", PIP_FIND_LINKS=str(house), PIP_NO_COMPILE="1")
    for workdir, argv in image.pip_installs:
        installed = _run([*pip, *argv], env=env, cwd=root / workdir.lstrip("/"))
        _no_warnings(installed)
    assert image.cmd[:2] == ["vanban", "serve"]
    _installed_checks(bin_dir, tmp_path / "work")


# --------------------------------------------------------------------------- notices for what is shipped
def test_every_shipped_data_file_and_the_inlined_vis_network_have_a_notice():
    notices = (REPO / "THIRD_PARTY_NOTICES.md").read_text("utf-8")
    unlisted = [f"{folder}/{p.relative_to(REPO / folder).as_posix()}"
                for folder in ROOTS for p in (REPO / folder).glob("data/**/*") if p.is_file()]
    unlisted = [f for f in unlisted if f"`{f}`" not in notices]
    assert not unlisted, f"say where these data files come from in THIRD_PARTY_NOTICES.md: {unlisted}"
    from vanban.viz.render import vis_assets
    version = re.search(r"@version\s+(\S+)", vis_assets()[0]).group(1)
    assert f"vis-network {version}" in notices, f"THIRD_PARTY_NOTICES.md names another vis-network than {version}"
