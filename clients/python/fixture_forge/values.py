"""Python values of each Postgres type, from the CSV text or from the JSON
file, equal either way (the README's type table, read backwards):

    smallint, integer, bigint -> int        numeric(p,s) -> Decimal (exact)
    text, varchar(n)          -> str        date         -> datetime.date
    timestamptz               -> datetime (UTC)          boolean -> bool
    uuid                      -> uuid.UUID  jsonb        -> the JSON value
    real[]                    -> list of float
    NULL                      -> None
"""
import datetime
import json
import re
import uuid
from decimal import Decimal

_UTC = datetime.timezone.utc
_PG_TS = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\+00$")
_ISO_TS = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?Z$")


def kind_of(pg_type):
    if pg_type in ("smallint", "integer", "bigint"):
        return "int"
    if pg_type.startswith("numeric"):
        return "numeric"
    if pg_type == "text" or pg_type.startswith("varchar"):
        return "text"
    if pg_type in ("date", "timestamptz", "boolean", "uuid", "jsonb"):
        return pg_type
    if pg_type == "real[]":
        return "real_array"
    raise ValueError(f"unsupported column type {pg_type!r}")


def _timestamp(pattern, text):
    m = pattern.match(text)
    if not m:
        raise ValueError(f"not a UTC timestamp: {text!r}")
    y, mo, d, h, mi, s, frac = m.groups()
    micro = int((frac or "").ljust(6, "0"))
    return datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro, tzinfo=_UTC)


def _floats(value):
    """jsonb holds plain JSON numbers: undo parse_float=Decimal inside it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    return value


def from_csv(pg_type):
    """A function from a CSV field's text (never NULL) to the Python value."""
    return {
        "int": int,
        "numeric": Decimal,
        "text": str,
        "date": datetime.date.fromisoformat,
        "timestamptz": lambda t: _timestamp(_PG_TS, t),
        "boolean": lambda t: t == "t",
        "uuid": uuid.UUID,
        "jsonb": json.loads,
        "real_array": lambda t: [float(x) for x in t[1:-1].split(",")] if t != "{}" else [],
    }[kind_of(pg_type)]


def from_json(pg_type):
    """A function from a value of the JSON file (parsed with parse_float=Decimal) to the Python value."""
    return {
        "int": int,
        "numeric": lambda v: Decimal(v) if isinstance(v, int) else v,
        "text": str,
        "date": datetime.date.fromisoformat,
        "timestamptz": lambda t: _timestamp(_ISO_TS, t),
        "boolean": bool,
        "uuid": uuid.UUID,
        "jsonb": _floats,
        "real_array": _floats,
    }[kind_of(pg_type)]


def parse_json_file(text):
    # Decimal keeps numeric's exact text (12.90 stays 12.90).
    return json.loads(text, parse_float=Decimal)
