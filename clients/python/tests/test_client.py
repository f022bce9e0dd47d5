"""The client's own guarantees: checksums on open, manifest validation, CSV
and JSON giving equal Python rows for every type and nasty value, archives,
and both restore paths (dump, or schema + CSV + post) giving the same data."""
import datetime
import json
import os
import shutil
import subprocess
import uuid
from decimal import Decimal

import pytest

from fixture_forge import ArtifactError, ChecksumError, load_artifact

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def forge(*args):
    r = subprocess.run(["node", os.path.join(REPO, "bin", "forge.js"), *args], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A tiny retail build with its dump, and the every-type test dataset."""
    out = tmp_path_factory.mktemp("built")
    retail = forge("build", "--profile", "tiny", "--out", str(out), "--quiet")
    r = subprocess.run(["npx", "tsx", "test/consumers/build-test-artifact.ts", "types", str(out)], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    return {"retail": retail, "types": r.stdout.strip()}


def test_csv_and_json_give_equal_python_rows_for_every_type(built):
    art = load_artifact(built["types"], verify_all=True)
    for name in art.tables:
        table = art.table(name)
        assert table.rows("csv") == table.rows("json"), name
    typed = art.table("typed").rows()
    first = typed[0]
    assert first["maybe"] is None and typed[1]["body"] == " "
    assert any(r["body"] == "" for r in typed), "'' is not NULL"
    assert first["at"] == datetime.datetime(2024, 1, 1, 12, 30, 15, tzinfo=datetime.timezone.utc)
    assert isinstance(first["uid"], uuid.UUID) and isinstance(first["amount"], Decimal)
    assert isinstance(first["doc"], dict) and first["doc"]["nested"]["long key"] == 0.5
    assert typed[1]["big"] == 1_000_000_007


def test_golden_csv_and_json_agree(forge_golden):
    retail = forge_golden("retail")
    for name in retail.tables:
        assert retail.table(name).rows("csv") == retail.table(name).rows("json"), name


def test_an_edited_file_fails_when_opened(forge_golden, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(forge_golden("retail").dir, copy)
    path = copy / "data" / "store.csv"
    path.write_text(path.read_text().replace("S0001", "S0009"))
    art = load_artifact(copy)
    assert art.table("product").rows("csv")
    with pytest.raises(ChecksumError, match=r"data/store\.csv does not match its sha256"):
        art.table("store").rows("csv")
    assert art.table("store").rows("json"), "the JSON file is intact"
    with pytest.raises(ChecksumError):
        load_artifact(copy, verify_all=True)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: m.update(format="something/else@9"), "format"),
        (lambda m: m["tables"][0].update(rows="12"), r"tables\.0\.rows must be int"),
        (lambda m: m["tables"][1]["files"]["csv"].update(path="../etc/passwd"), "not a relative path"),
        (lambda m: m["files"][0].update(sha256="xyz"), r"files\.0\.sha256"),
        (lambda m: m["tables"][0]["columns"][0].pop("nullable"), r"columns\.0\.nullable is missing"),
    ],
)
def test_a_wrong_manifest_is_refused_naming_the_field(forge_golden, tmp_path, edit, message):
    copy = tmp_path / "copy"
    shutil.copytree(forge_golden("retail").dir, copy)
    m = json.loads((copy / "manifest.json").read_text())
    edit(m)
    (copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ArtifactError, match=message):
        load_artifact(copy)


def test_no_artifact_is_a_clear_error(tmp_path):
    with pytest.raises(ArtifactError, match="manifest.json not found"):
        load_artifact(tmp_path)


def test_a_packed_archive_reads_the_same_and_cleans_up(forge_golden, tmp_path):
    archive = forge("pack", forge_golden("retail").dir, "--output", str(tmp_path / "g.tar.gz"))
    with load_artifact(archive, verify_all=True) as art:
        unpacked = art.dir
        assert art.table("sales_daily").rows() == forge_golden("retail").table("sales_daily").rows()
    assert not os.path.exists(unpacked)


def test_restore_from_the_dump_and_from_the_files_give_the_same_data(forge_postgres, built, forge_artifact):
    art = forge_artifact(built["retail"])
    files_only = forge_artifact(built["retail"])
    files_only.manifest = dict(art.manifest, files=[f for f in art.manifest["files"] if f["path"] != "dump.sql.gz"])
    forge_postgres.restore(art, forge_postgres.create_database("from_dump"))
    forge_postgres.restore(files_only, forge_postgres.create_database("from_files"))
    for t in art.manifest["tables"]:
        sql = f'SELECT * FROM "{t["name"]}" ORDER BY {", ".join(t["orderBy"])}'
        from_dump = forge_postgres.query(sql, dbname="from_dump")
        assert len(from_dump) == t["rows"]
        assert forge_postgres.query(sql, dbname="from_files") == from_dump, t["name"]
