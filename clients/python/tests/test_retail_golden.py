"""Example: a pytest suite on the committed retail golden (fixtures/retail/<version>/seed-42-tiny).
Rows come typed (int, Decimal, date, bool, ...); every file is checked against
its sha256 when it is opened."""
import datetime
from decimal import Decimal


def test_every_sale_is_a_known_store_and_product(forge_golden):
    retail = forge_golden("retail")
    stores = retail.table("store").by_key()
    products = retail.table("product").by_key()
    sales = retail.table("sales_daily").rows()
    assert len(sales) == retail.table("sales_daily").row_count > 0
    for s in sales:
        assert s["store_id"] in stores
        assert s["product_id"] in products


def test_amounts_are_exact_decimals(forge_golden):
    for s in forge_golden("retail").table("sales_daily").rows():
        assert isinstance(s["unit_price"], Decimal)
        assert s["total_amount"] == s["quantity"] * s["unit_price"]


def test_sales_fall_on_calendar_days(forge_golden):
    retail = forge_golden("retail")
    days = {d["date"] for d in retail.table("calendar").rows()}
    assert all(isinstance(d, datetime.date) for d in days)
    assert {s["date"] for s in retail.table("sales_daily").rows()} <= days


def test_products_launch_before_they_end(forge_golden):
    for p in forge_golden("retail").table("product").rows():
        if p["launch_date"] is not None and p["discontinued_on"] is not None:
            assert p["launch_date"] < p["discontinued_on"]
