"""Example: each test gets its own fresh database holding the golden artifact
(forge_db: a copy of a template restored once per session, dropped after the
test), then queries it: what the database says agrees with the files, and a
test may write without disturbing the next one."""
from decimal import Decimal

import pytest


def test_row_counts_match_the_manifest(forge_db, forge_golden):
    for t in forge_golden("retail").manifest["tables"]:
        [(count,)] = forge_db.query(f'SELECT count(*) FROM "{t["name"]}"')
        assert int(count) == t["rows"], t["name"]


def test_revenue_per_store_matches_the_rows(forge_db, forge_golden):
    expected = {}
    for s in forge_golden("retail").table("sales_daily").rows():
        expected[s["store_id"]] = expected.get(s["store_id"], Decimal(0)) + s["total_amount"]
    got = forge_db.query("SELECT store_id, sum(total_amount) FROM sales_daily GROUP BY store_id ORDER BY 1")
    assert {int(k): Decimal(v) for k, v in got} == expected


def test_constraints_are_in_place(forge_db):
    [(fks,)] = forge_db.query("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
    assert int(fks) > 0
    with pytest.raises(RuntimeError, match="violates foreign key constraint"):
        forge_db.psql("-c", "INSERT INTO sales_daily SELECT id + 1000000, date, 999999, product_id, quantity, unit_price, total_amount FROM sales_daily LIMIT 1")
