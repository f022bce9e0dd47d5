"""Example: the golden artifact restored into a throwaway PostgreSQL server
(forge_postgres), then queried: what the database says agrees with the files."""
from decimal import Decimal

import pytest


@pytest.fixture(scope="module")
def retail_db(forge_postgres, forge_golden):
    db = forge_postgres.create_database("retail_example")
    forge_postgres.restore(forge_golden("retail"), db)
    return db


def test_row_counts_match_the_manifest(forge_postgres, forge_golden, retail_db):
    for t in forge_golden("retail").manifest["tables"]:
        [(count,)] = forge_postgres.query(f'SELECT count(*) FROM "{t["name"]}"', dbname=retail_db)
        assert int(count) == t["rows"], t["name"]


def test_revenue_per_store_matches_the_rows(forge_postgres, forge_golden, retail_db):
    expected = {}
    for s in forge_golden("retail").table("sales_daily").rows():
        expected[s["store_id"]] = expected.get(s["store_id"], Decimal(0)) + s["total_amount"]
    got = forge_postgres.query("SELECT store_id, sum(total_amount) FROM sales_daily GROUP BY store_id ORDER BY 1", dbname=retail_db)
    assert {int(k): Decimal(v) for k, v in got} == expected


def test_constraints_are_in_place(forge_postgres, retail_db):
    [(fks,)] = forge_postgres.query("SELECT count(*) FROM pg_constraint WHERE contype = 'f'", dbname=retail_db)
    assert int(fks) > 0
    with pytest.raises(RuntimeError, match="violates foreign key constraint"):
        forge_postgres.psql("-c", "INSERT INTO sales_daily SELECT id + 1000000, date, 999999, product_id, quantity, unit_price, total_amount FROM sales_daily LIMIT 1", dbname=retail_db)
