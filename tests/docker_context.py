"""Read the Dockerfile the way `docker build` does, for the parts vanban's image uses, so tests can
check the image's install path without a Docker engine: ENV, WORKDIR, COPY (from the build
context, after .dockerignore) and the `pip install` commands of RUN lines."""
from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


@dataclass
class Copy:
    sources: list[str]
    dest: str            # absolute path in the image
    workdir: str


@dataclass
class Image:
    env: dict[str, str] = field(default_factory=dict)
    copies: list[Copy] = field(default_factory=list)
    pip_installs: list[tuple[str, list[str]]] = field(default_factory=list)   # (workdir, argv after "pip")
    final_workdir: str = "/"
    cmd: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction: comments dropped, continuation lines joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):      # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            key, _, rest = full.partition(" ")
            out.append((key.upper(), rest.strip()))
    return out


def _args(rest: str) -> list[str]:
    return json.loads(rest) if rest.startswith("[") else shlex.split(rest)


def _env_pairs(rest: str) -> dict[str, str]:
    parts = shlex.split(rest)
    if parts and "=" not in parts[0]:             # legacy form: ENV KEY value with spaces
        return {parts[0]: " ".join(parts[1:])}
    return dict(p.split("=", 1) for p in parts)


def parse(dockerfile: Path) -> Image:
    img = Image()
    workdir = "/"
    for key, rest in instructions(dockerfile.read_text("utf-8")):
        if key == "ENV":
            img.env.update(_env_pairs(rest))
        elif key == "WORKDIR":
            workdir = str(PurePosixPath(workdir, rest))
        elif key in ("COPY", "ADD"):
            args = [a for a in _args(rest) if not a.startswith("--")]
            if any(a.startswith("--from") for a in _args(rest)):
                continue
            dest = args[-1]
            dest_abs = str(PurePosixPath(workdir, dest)) + ("/" if dest.endswith("/") or dest in (".", "./") else "")
            img.copies.append(Copy(args[:-1], dest_abs, workdir))
        elif key == "RUN":
            for segment in re.split(r"&&|;", rest):
                argv = shlex.split(segment)
                if argv[:2] == ["pip", "install"] or argv[:4] == ["python", "-m", "pip", "install"]:
                    img.pip_installs.append((workdir, argv[argv.index("install"):]))
        elif key == "CMD":
            img.cmd = _args(rest)
    img.final_workdir = workdir
    return img


# ------------------------------------------------------------------ .dockerignore
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's matching: Go filepath.Match on the path from the context root, plus `**`
    for any number of folders. A pattern also matches everything below a matched folder."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[":
            j = pattern.index("]", i)
            out += fnmatch.translate(pattern[i:j + 1])[4:-3]   # the class alone, as fnmatch writes it
            i = j + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(rf"{out}(?:/.*)?")


def ignore_rules(context: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """(is_exception, regex) per line of .dockerignore, in order (the last match wins)."""
    f = context / ".dockerignore"
    rules = []
    for line in (f.read_text("utf-8").splitlines() if f.is_file() else []):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        neg = line.startswith("!")
        pat = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
        rules.append((neg, _pattern_regex(pat)))
    return rules


def ignored(rel: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    verdict = False
    for neg, rx in rules:
        if rx.fullmatch(rel):
            verdict = not neg
    return verdict


def context_files(context: Path) -> list[str]:
    """Every file `docker build` sends from `context` (paths relative to it, POSIX form)."""
    rules = ignore_rules(context)
    has_exceptions = any(neg for neg, _ in rules)
    files = []
    for root, dirs, names in os.walk(context):
        rel_root = Path(root).relative_to(context).as_posix()
        rel_root = "" if rel_root == "." else rel_root + "/"
        if not has_exceptions:                      # nothing below an ignored folder can come back
            dirs[:] = [d for d in dirs if not ignored(rel_root + d, rules)]
        files += [rel_root + n for n in names if not ignored(rel_root + n, rules)]
    return sorted(files)


def materialise(context: Path, image: Image, root: Path) -> list[str]:
    """Lay out under `root` (standing for the image's /) the files the COPY lines put there;
    returns their paths in the image. Sources are files or folders (no wildcards: vanban's
    Dockerfile uses none, and an unsupported form fails loudly rather than copying too little)."""
    sent = context_files(context)
    laid = []
    for copy in image.copies:
        dest = root / copy.dest.lstrip("/")
        for src in copy.sources:
            assert not re.search(r"[*?\[]", src), f"COPY {src}: wildcards are not supported by this reader"
            src = os.path.normpath(src).lstrip("/")
            if src in sent:                         # a file: into dest, or under it if dest is a folder
                pairs = [(src, dest / Path(src).name if copy.dest.endswith("/") else dest)]
            else:                                   # a folder: its contents go under dest
                prefix = "" if src == "." else src + "/"
                pairs = [(f, dest / f[len(prefix):]) for f in sent if f.startswith(prefix)]
            assert pairs, f"COPY {src}: nothing in the build context (after .dockerignore)"
            for f, target in pairs:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(context / f, target)
                laid.append("/" + target.relative_to(root).as_posix())
    return laid
