"""The benchmark databases: synthetic claims in PostgreSQL, made once and reused.

Each database carries a comment naming what it holds (sizes, seed, and a digest of the
generator's code). A database whose comment matches is reused after ``migrate``; anything else,
including a generation that was interrupted before the comment was written, is made again.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks import config
from benchmarks.config import log


@dataclass(frozen=True)
class Dataset:
    name: str
    places: int
    claims: int
    seed: int = 1

    @property
    def url(self) -> str:
        return config.database_url(self.name)

    @property
    def label(self) -> str:
        return (
            f"claimtracker-bench places={self.places} claims={self.claims} seed={self.seed} "
            f"generator={generator_digest()}"
        )


def generator_digest() -> str:
    """Data made by another version of the generator is made again, not reused."""
    digest = hashlib.sha256()
    for path in sorted((config.ROOT / "claims" / "synthetic").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_postgres() -> None:
    """PostgreSQL answers, starting the local cluster as CI does when it is installed but down."""
    if _answers():
        return
    clusters = Path("/etc/postgresql")
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster") or not clusters.is_dir():
        raise SystemExit(f"PostgreSQL does not answer at {config.POSTGRES}; start it first.")
    version = sorted(clusters.iterdir())[-1].name
    log(f"PostgreSQL does not answer; starting the local cluster ({version} main)")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
    )
    for _ in range(30):
        if _answers():
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not start within 30 s.")


def _answers() -> bool:
    try:
        _maintenance().close()
        return True
    except psycopg.OperationalError:
        return False


def ensure(dataset: Dataset) -> None:
    """The database exists, is migrated and holds exactly ``dataset``."""
    if _label(dataset.name) == dataset.label:
        log(f"reusing {dataset.name} ({dataset.claims:,} claims)")
        manage(dataset.url, "migrate", "--no-input", "-v0")
        return
    log(f"creating {dataset.name}: {dataset.claims:,} claims over {dataset.places:,} places")
    _recreate(dataset.name)
    manage(dataset.url, "migrate", "--no-input", "-v0")
    manage(
        dataset.url,
        "generate_synthetic",
        f"--places={dataset.places}",
        f"--claims={dataset.claims}",
        f"--seed={dataset.seed}",
    )
    with psycopg.connect(dataset.url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    _set_label(dataset)


def manage(database_url: str, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=config.ROOT,
        env=config.production_env(database_url),
        check=True,
    )


def _maintenance():
    return psycopg.connect(config.database_url("postgres"), autocommit=True)


def _label(name: str) -> str | None:
    with _maintenance() as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return row[0] if row else None


def _recreate(name: str) -> None:
    with _maintenance() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _set_label(dataset: Dataset) -> None:
    with _maintenance() as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(dataset.name), sql.Literal(dataset.label)
            )
        )
