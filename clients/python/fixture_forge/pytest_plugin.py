"""pytest fixtures for fixture-forge artifacts. Installed with
``pip install``, the plugin loads through its pytest11 entry point: no
conftest line is needed.

    def test_stores(forge_golden):
        stores = forge_golden("retail").table("store").rows()

``forge_golden(dataset, seed=42)`` opens the fixture of a dataset at
<fixtures>/<dataset>/<version>/seed-<seed>-tiny, whatever the version (there
must be one); ``forge_artifact(path)`` opens any artifact directory or
archive; ``forge_postgres`` is a throwaway PostgreSQL server for the session.
<fixtures> is the ini option ``forge_fixtures``, relative to pytest's rootdir
(default ``fixtures``, i.e. <rootdir>/fixtures).
``forge_db`` is a fresh database per test holding an artifact (the ini option
``forge_db_artifact``, default the retail tiny of ``forge_golden``), copied
from a template database made once per session (fixture_forge.fresh; the
next copies, ini option ``forge_db_spares``, default 2, are made ahead while
a test runs), dropped after the test: ``forge_db.url``, ``forge_db.query(sql)``. It lives on
``forge_postgres``, or on the server whose URL is in FORGE_DB_SERVER (this
machine's only: a remote or production-looking server is refused).
"""
import os

import pytest

from .artifact import load_artifact
from .errors import ArtifactError
from .fresh import FreshPool, check_server, ensure_template
from .postgres import TempPostgres, UrlPostgres

DEFAULT_FIXTURES = "fixtures"


def pytest_addoption(parser):
    parser.addini("forge_fixtures", "folder of fixture-forge artifacts for forge_golden, relative to the rootdir (default: fixtures)", default=DEFAULT_FIXTURES)
    parser.addini("forge_db_spares", "fresh databases forge_db makes ahead while a test runs (default: 2; 0 makes each when asked)", default="2")
    parser.addini("forge_db_artifact", "artifact directory that forge_db copies (default: the retail tiny of forge_golden)", default="")


def _build_hint(root, dataset, seed):
    return (
        f"build it there with: npx forge build --dataset {dataset} --seed {seed} --profile tiny --formats csv,json --out {root}"
        " (or set the forge_fixtures ini option to the folder that holds it)"
    )


def _golden_dir(root, dataset, seed):
    base = os.path.join(root, dataset)
    versions = sorted(v for v in os.listdir(base) if os.path.isdir(os.path.join(base, v))) if os.path.isdir(base) else []
    if not versions:
        raise ArtifactError(f"no fixture of {dataset} under {root}: {_build_hint(root, dataset, seed)}")
    if len(versions) > 1:
        raise ArtifactError(f"{base} holds several versions of {dataset} ({', '.join(versions)}): keep the one your tests use, or open one with forge_artifact(path)")
    path = os.path.join(base, versions[0], f"seed-{seed}-tiny")
    if not os.path.isdir(path):
        raise ArtifactError(f"no seed-{seed}-tiny fixture of {dataset} {versions[0]} under {base}: {_build_hint(root, dataset, seed)}")
    return path


def fixtures_root(config):
    """The folder forge_golden reads: the forge_fixtures ini option, relative to the rootdir."""
    root = config.getini("forge_fixtures") or DEFAULT_FIXTURES
    return os.path.normpath(root if os.path.isabs(root) else os.path.join(str(config.rootpath), root))


@pytest.fixture
def forge_artifact():
    opened = []

    def open_artifact(path, verify_all=False):
        a = load_artifact(path, verify_all=verify_all)
        opened.append(a)
        return a

    yield open_artifact
    for a in opened:
        a.close()


@pytest.fixture(scope="session")
def forge_golden(pytestconfig):
    root = fixtures_root(pytestconfig)
    cache = {}

    def golden(dataset="retail", seed=42):
        if (dataset, seed) not in cache:
            cache[(dataset, seed)] = load_artifact(_golden_dir(root, dataset, seed))
        return cache[(dataset, seed)]

    return golden


@pytest.fixture(scope="session")
def forge_postgres():
    server = TempPostgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def forge_db_template(request, pytestconfig, forge_golden):
    """The copies forge_db hands out (a FreshPool): the artifact restored once into a template."""
    url = os.environ.get("FORGE_DB_SERVER")
    if url:
        check_server(url)
        server = UrlPostgres(url)
    else:
        server = request.getfixturevalue("forge_postgres")
    path = pytestconfig.getini("forge_db_artifact")
    artifact = load_artifact(path if os.path.isabs(path) or not path else os.path.join(str(pytestconfig.rootpath), path)) if path else forge_golden("retail")
    pool = FreshPool(server, ensure_template(server, artifact), int(pytestconfig.getini("forge_db_spares")))
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def forge_db(forge_db_template):
    db = forge_db_template.take()
    try:
        yield db
    finally:
        db.drop()
