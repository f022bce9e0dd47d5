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
"""
import os

import pytest

from .artifact import load_artifact
from .errors import ArtifactError
from .postgres import TempPostgres

DEFAULT_FIXTURES = "fixtures"


def pytest_addoption(parser):
    parser.addini("forge_fixtures", "folder of fixture-forge artifacts for forge_golden, relative to the rootdir (default: fixtures)", default=DEFAULT_FIXTURES)


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
