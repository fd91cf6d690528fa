"""Where a fact base is, and which files it has. No YAML here: the warm path imports this."""

from __future__ import annotations

import os
from pathlib import Path

from xining.errors import EXIT_PROBLEMS, XiningError

SCHEMA_VERSION = 1
BASE_ENV = "XINING_BASE"
ARTICLES = "articles"
REGISTRY_FILES = ("base.yaml", "units.yaml", "topics.yaml", "metrics.yaml", "sources.yaml")


def bundled_base() -> Path:
    """The fact base that ships with xining (inside the wheel, or beside the package in a checkout)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "facts", package.parent / "facts"):
        if (candidate / "base.yaml").is_file():
            return candidate
    raise XiningError("no fact base found: the installation is incomplete; pass --base DIR", EXIT_PROBLEMS)


def resolve_base(path: str | Path | None) -> Path:
    """The base directory to use: --base, then $XINING_BASE, then the bundled one."""
    chosen = path or os.environ.get(BASE_ENV)
    if not chosen:
        return bundled_base()
    base = Path(chosen)
    if not (base / "base.yaml").is_file():
        raise XiningError(f"--base {chosen}: not a fact base (no base.yaml in it)")
    return base


def base_files(base: Path) -> list[Path]:
    """Every YAML file of the base, registries first, articles in name order."""
    files = [base / name for name in REGISTRY_FILES if (base / name).is_file()]
    if (base / "relations.yaml").is_file():
        files.append(base / "relations.yaml")
    articles = base / ARTICLES
    if articles.is_dir():
        files.extend(sorted(articles.glob("*.yaml")))
    return files
