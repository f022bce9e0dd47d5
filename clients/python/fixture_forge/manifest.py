"""Validating manifest.json with the standard library: the fields this client
relies on, with the types and forms schemas/manifest.schema.json gives them."""
import re

from .errors import ArtifactError

MANIFEST_FORMAT = "fixture-forge/artifact@1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_REL_PATH = re.compile(r"^(?!/)(?!.*\.\.)[A-Za-z0-9_./-]+$")


def _need(obj, key, kind, where):
    if not isinstance(obj, dict) or key not in obj:
        raise ArtifactError(f"manifest.json: {where}{key} is missing")
    value = obj[key]
    # bool is an int in Python: an int field must not accept true/false.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ArtifactError(f"manifest.json: {where}{key} must be {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


def _file_entry(entry, where):
    path = _need(entry, "path", str, where)
    if not _REL_PATH.match(path):
        raise ArtifactError(f"manifest.json: {where}path {path!r} is not a relative path inside the artifact")
    if not _SHA256.match(_need(entry, "sha256", str, where)):
        raise ArtifactError(f"manifest.json: {where}sha256 is not a sha256 hex digest")
    if _need(entry, "bytes", int, where) < 0:
        raise ArtifactError(f"manifest.json: {where}bytes is negative")


def validate_manifest(m):
    """Raises ArtifactError naming the first field that is wrong."""
    if not isinstance(m, dict):
        raise ArtifactError("manifest.json is not a JSON object")
    if m.get("format") != MANIFEST_FORMAT:
        raise ArtifactError(f"manifest.json: format is {m.get('format')!r}, this client reads {MANIFEST_FORMAT!r}")
    dataset = _need(m, "dataset", dict, "")
    for key in ("name", "version"):
        _need(dataset, key, str, "dataset.")
    _need(m, "seed", int, "")
    _need(m, "profile", str, "")
    for i, t in enumerate(_need(m, "tables", list, "")):
        where = f"tables.{i}."
        _need(t, "name", str, where)
        if _need(t, "rows", int, where) < 0:
            raise ArtifactError(f"manifest.json: {where}rows is negative")
        columns = _need(t, "columns", list, where)
        if not columns:
            raise ArtifactError(f"manifest.json: {where}columns is empty")
        for j, c in enumerate(columns):
            _need(c, "name", str, f"{where}columns.{j}.")
            _need(c, "type", str, f"{where}columns.{j}.")
            _need(c, "nullable", bool, f"{where}columns.{j}.")
        _need(t, "primaryKey", list, where)
        for kind, entry in _need(t, "files", dict, where).items():
            _file_entry(entry, f"{where}files.{kind}.")
    for i, f in enumerate(_need(m, "files", list, "")):
        _file_entry(f, f"files.{i}.")
    return m
