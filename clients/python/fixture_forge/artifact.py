"""An artifact directory (or `forge pack` archive) opened for reading."""
import hashlib
import json
import os
import shutil
import tarfile
import tempfile

from . import values
from .errors import ArtifactError, ChecksumError
from .manifest import validate_manifest
from .pgcsv import parse_pg_csv


class Table:
    """One table: its manifest entry and its rows, typed per column."""

    def __init__(self, artifact, entry):
        self._artifact = artifact
        self.entry = entry
        self.name = entry["name"]
        self.columns = [c["name"] for c in entry["columns"]]
        self.primary_key = list(entry["primaryKey"])
        self.row_count = entry["rows"]

    def rows(self, source="json"):
        """Every row as a dict of Python values; source is "json" or "csv" (equal rows)."""
        files = self.entry["files"]
        if source not in ("json", "csv"):
            raise ValueError('source must be "json" or "csv"')
        if source not in files:
            raise ArtifactError(f"the artifact has no {source.upper()} file for {self.name}")
        text = self._artifact.read(files[source]["path"]).decode("utf-8")
        rows = self._from_json(text) if source == "json" else self._from_csv(text, files["csv"]["path"])
        if len(rows) != self.row_count:
            raise ArtifactError(f"{files[source]['path']} has {len(rows)} rows, the manifest says {self.row_count}")
        return rows

    def _from_json(self, text):
        decode = [(c["name"], values.from_json(c["type"])) for c in self.entry["columns"]]
        return [{name: (None if obj[name] is None else f(obj[name])) for name, f in decode} for obj in values.parse_json_file(text)]

    def _from_csv(self, text, path):
        header, *records = parse_pg_csv(text)
        if header != self.columns:
            raise ArtifactError(f"{path}: header {header} is not the manifest's columns {self.columns}")
        decode = [values.from_csv(c["type"]) for c in self.entry["columns"]]
        return [{name: (None if v is None else f(v)) for name, f, v in zip(self.columns, decode, r)} for r in records]

    def by_key(self, source="json"):
        """Rows by primary key value (a tuple when the key has several columns)."""
        key = self.primary_key
        one = len(key) == 1
        return {(r[key[0]] if one else tuple(r[k] for k in key)): r for r in self.rows(source)}


class Artifact:
    def __init__(self, directory, manifest, cleanup=None):
        self.dir = directory
        self.manifest = manifest
        self._cleanup = cleanup
        self._checked = set()

    @property
    def dataset(self):
        return self.manifest["dataset"]["name"]

    @property
    def version(self):
        return self.manifest["dataset"]["version"]

    @property
    def tables(self):
        return [t["name"] for t in self.manifest["tables"]]

    def table(self, name):
        for t in self.manifest["tables"]:
            if t["name"] == name:
                return Table(self, t)
        raise KeyError(f"{self.dataset} has no table {name!r} (tables: {', '.join(self.tables)})")

    def _entry(self, path):
        for f in self.manifest["files"]:
            if f["path"] == path:
                return f
        for t in self.manifest["tables"]:
            for f in t["files"].values():
                if f["path"] == path:
                    return f
        raise ArtifactError(f"the manifest lists no file {path}")

    def read(self, path):
        """The bytes of a file the manifest lists, after checking its size and sha256."""
        entry = self._entry(path)
        full = os.path.join(self.dir, path)
        try:
            with open(full, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise ChecksumError(f"artifact file {path} is missing") from None
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ChecksumError(f"artifact file {path} does not match its sha256 in manifest.json (corrupted or edited)")
        self._checked.add(path)
        return data

    def verify(self):
        """Checks every file the manifest lists."""
        for f in self.manifest["files"]:
            self.read(f["path"])
        for t in self.manifest["tables"]:
            for f in t["files"].values():
                self.read(f["path"])

    def path(self, relative):
        """The path of a file the manifest lists (checked first): for psql -f, gunzip, ..."""
        self.read(relative)
        return os.path.join(self.dir, relative)

    def close(self):
        if self._cleanup:
            self._cleanup()
            self._cleanup = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _extract(archive):
    tmp = tempfile.mkdtemp(prefix="forge-unpacked-")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name.rstrip("/")
                if name.startswith("/") or ".." in name.split("/") or not (member.isfile() or member.isdir()):
                    raise ArtifactError(f"{archive}: {member.name!r} is not a plain file or folder inside the archive")
            # Members are checked above; the data filter also drops owners and odd modes where Python has it.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:
                tar.extractall(tmp)
        top = os.listdir(tmp)
        root = tmp if os.path.exists(os.path.join(tmp, "manifest.json")) else os.path.join(tmp, top[0]) if len(top) == 1 else tmp
        return root, lambda: shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_manifest(directory):
    manifest_path = os.path.join(directory, "manifest.json")
    try:
        with open(manifest_path, "rb") as fh:
            manifest = json.loads(fh.read().decode("utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"no artifact at {directory} (manifest.json not found)") from None
    except ValueError as e:
        raise ArtifactError(f"{manifest_path} is not JSON: {e}") from None
    return validate_manifest(manifest)


def load_artifact(path, verify_all=False):
    """Opens an artifact directory or a .tar.gz from `forge pack` (close() removes its temp copy)."""
    path = os.fspath(path)
    cleanup = None
    if os.path.isfile(path) and (path.endswith(".tar.gz") or path.endswith(".tgz")):
        path, cleanup = _extract(path)
    try:
        artifact = Artifact(os.path.abspath(path), _read_manifest(path), cleanup)
        if verify_all:
            artifact.verify()
        return artifact
    except BaseException:
        if cleanup:
            cleanup()
        raise
