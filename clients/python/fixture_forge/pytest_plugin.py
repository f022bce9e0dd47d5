"""pytest fixtures for fixture-forge artifacts.

    # conftest.py
    pytest_plugins = ["fixture_forge.pytest_plugin"]

    def test_stores(forge_golden):
        stores = forge_golden("retail").table("store").rows()

``forge_golden(dataset, seed=42)`` opens the committed golden of a dataset
(fixtures/<dataset>/<version>/seed-<seed>-tiny, whatever the version);
``forge_artifact(path)`` opens any artifact directory or archive;
``forge_postgres`` is a throwaway PostgreSQL server for the session;
``forge_db`` is a fresh database per test holding an artifact (the ini option
``forge_db_artifact``, default the golden retail tiny), copied from a template
database made once per session (fixture_forge.fresh), dropped after the test:
``forge_db.url``, ``forge_db.query(sql)``. It lives on ``forge_postgres``, or
on the server whose URL is in FORGE_DB_SERVER (this machine's only: a remote
or production-looking server is refused).
The fixtures dir is the ini option ``forge_fixtures`` (default: ``fixtures``
in the repository that holds this plugin).
"""
import os

import pytest

from .artifact import load_artifact
from .errors import ArtifactError
from .fresh import check_server, ensure_template, fresh_database
from .postgres import TempPostgres, UrlPostgres

_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def pytest_addoption(parser):
    parser.addini("forge_fixtures", "directory of committed golden artifacts", default=os.path.join(_REPO, "fixtures"))
    parser.addini("forge_db_artifact", "artifact directory that forge_db copies (default: the golden retail tiny)", default="")


def _golden_dir(root, dataset, seed):
    base = os.path.join(root, dataset)
    versions = sorted(os.listdir(base)) if os.path.isdir(base) else []
    if len(versions) != 1:
        raise ArtifactError(f"expected one version of {dataset} under {base}, found {versions or 'none'} (run forge golden update)")
    return os.path.join(base, versions[0], f"seed-{seed}-tiny")


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
    root = pytestconfig.getini("forge_fixtures")
    root = root if os.path.isabs(root) else os.path.join(str(pytestconfig.rootpath), root)
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
    """(server, template database name) for forge_db: the artifact restored once."""
    url = os.environ.get("FORGE_DB_SERVER")
    if url:
        check_server(url)
        server = UrlPostgres(url)
    else:
        server = request.getfixturevalue("forge_postgres")
    path = pytestconfig.getini("forge_db_artifact")
    artifact = load_artifact(path if os.path.isabs(path) or not path else os.path.join(str(pytestconfig.rootpath), path)) if path else forge_golden("retail")
    return server, ensure_template(server, artifact)


@pytest.fixture
def forge_db(forge_db_template):
    server, template = forge_db_template
    db = fresh_database(server, template)
    try:
        yield db
    finally:
        db.drop()
