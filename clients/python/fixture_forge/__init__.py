"""fixture-forge artifacts from Python: a validated manifest, files checked
against their sha256 when opened, and each table's rows with Python types
(the same from the JSON file as from the CSV file).

    from fixture_forge import load_artifact
    art = load_artifact("fixtures/retail/<version>/seed-42-tiny")
    stores = art.table("store").rows()          # [{'store_id': 1, 'opened_on': date(...), ...}]

Standard library only. Installed (``pip install``), it is also a pytest
plugin with the fixtures ``forge_artifact``, ``forge_golden`` and
``forge_postgres``, loaded through its pytest11 entry point.
"""
from .artifact import Artifact, Table, load_artifact
from .errors import ArtifactError, ChecksumError
from .manifest import MANIFEST_FORMAT

__all__ = ["Artifact", "Table", "load_artifact", "ArtifactError", "ChecksumError", "MANIFEST_FORMAT"]
