"""pytest fixtures for fixture-forge artifacts.

    # conftest.py
    pytest_plugins = ["fixture_forge.pytest_plugin"]

    def test_stores(forge_golden):
        stores = forge_golden("retail").table("store").rows()

``forge_golden(dataset, seed=42)`` opens the committed golden of a dataset
(fixtures/<dataset>/<version>/seed-<seed>-tiny, whatever the version);
``forge_artifact(path)`` opens any artifact directory or archive;
``forge_postgres`` is a throwaway PostgreSQL server for the session.
The fixtures dir is the ini option ``forge_fixtures`` (default: ``fixtures``
in the repository that holds this plugin).
"""
import os

import pytest

from .artifact import load_artifact
from .errors import ArtifactError
from .postgres import TempPostgres

_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def pytest_addoption(parser):
    parser.addini("forge_fixtures", "directory of committed golden artifacts", default=os.path.join(_REPO, "fixtures"))


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
