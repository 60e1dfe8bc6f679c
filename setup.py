"""Package discovery for the design card's layout (all other metadata is in pyproject.toml).

graph/, loaders/, api/ and viz/ stay top-level folders in the repository but are installed as
vanban.graph, vanban.loaders, vanban.api and vanban.viz, so nothing generic like `graph` or `api`
lands in site-packages. pyproject's `packages.find` cannot rename folders, hence this file: every
folder under those roots that holds Python code becomes a package, so a new subpackage cannot be
left out of the wheel. Data folders (no .py) travel as package data: see pyproject.toml.
"""
from pathlib import Path

from setuptools import find_namespace_packages, setup

# repository folder -> installed package
ROOTS = {"vanban": "vanban", "graph": "vanban.graph", "loaders": "vanban.loaders",
         "api": "vanban.api", "viz": "vanban.viz"}


def _code_packages() -> tuple[list[str], dict[str, str]]:
    here = Path(__file__).resolve().parent
    packages = []
    for folder, name in ROOTS.items():
        packages.append(name)
        for sub in find_namespace_packages(where=str(here / folder), exclude=["*__pycache__*"]):
            if any((here / folder / sub.replace(".", "/")).glob("*.py")):
                packages.append(f"{name}.{sub}")
    return packages, {name: folder for folder, name in ROOTS.items()}


packages, package_dir = _code_packages()
setup(packages=packages, package_dir=package_dir)
