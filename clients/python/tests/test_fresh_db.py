"""forge_db: a fresh copy of the artifact per test. A write in one test is
not seen by the next, each database is dropped after its test, and remote or
production-looking servers are refused."""
import pytest

from fixture_forge.fresh import RefusedTarget, check_server, production_reason

seen = []


def test_a_test_may_change_its_database(forge_db, forge_golden):
    seen.append(forge_db.name)
    sales = next(t for t in forge_golden("retail").manifest["tables"] if t["name"] == "sales_daily")
    assert forge_db.query("SELECT count(*) FROM sales_daily") == [(str(sales["rows"]),)]
    forge_db.psql("-c", "DELETE FROM sales_anomaly; DELETE FROM sales_daily")  # anomalies point at sales
    forge_db.psql("-c", "UPDATE store SET name = 'changed by the first test'")
    assert forge_db.query("SELECT count(*) FROM sales_daily") == [("0",)]


def test_the_next_test_gets_the_artifact_untouched(forge_db, forge_golden, forge_postgres):
    seen.append(forge_db.name)
    assert seen[0] != seen[1]
    for t in forge_golden("retail").manifest["tables"]:
        assert forge_db.query(f'SELECT count(*) FROM "{t["name"]}"') == [(str(t["rows"]),)], t["name"]
    assert forge_db.query("SELECT 1 FROM store WHERE name = 'changed by the first test'") == []
    assert forge_postgres.query(f"SELECT 1 FROM pg_database WHERE datname = '{seen[0]}'") == [], "the first test's database was dropped"


def test_databases_are_dropped_after_their_test(forge_postgres):
    names = {r[0] for r in forge_postgres.query("SELECT datname FROM pg_database")}
    assert not names & set(seen)
    assert any(n.startswith("forge_tpl_") for n in names), "the template stays for the session"


@pytest.mark.parametrize(
    "url, env, reason",
    [
        ("postgres://app@db.example.com:5432/app", {}, "not this machine"),
        ("postgres://app@10.0.0.5/app", {}, "not this machine"),
        ("postgres://postgres@127.0.0.1:5432/prod_orders", {}, "looks like production"),
        ("postgres://postgres@localhost/app", {"APP_ENV": "production"}, "APP_ENV=production"),
    ],
)
def test_remote_or_production_servers_are_refused(url, env, reason):
    assert reason in production_reason(url, env)
    with pytest.raises(RefusedTarget, match="refusing to make fresh databases"):
        check_server(url, env)


def test_local_servers_are_accepted():
    assert production_reason("postgres://postgres@127.0.0.1:5432/app", {}) is None
    assert production_reason("postgresql://postgres@/app?host=/tmp/sock", {}) is None


def test_copies_are_made_ahead_and_dropped_on_close(forge_db_template, forge_postgres):
    from fixture_forge.fresh import FreshPool

    pool = FreshPool(forge_postgres, forge_db_template.template, spares=2)
    taken = pool.take()
    ahead = [f.result().name for f in pool._ahead]
    assert len(ahead) == 2 and taken.name not in ahead
    names = {r[0] for r in forge_postgres.query("SELECT datname FROM pg_database")}
    assert set(ahead) <= names, "the next copies exist before they are asked for"
    nxt = pool.take()
    assert nxt.name == ahead[0], "the next call hands over a copy made ahead"
    for db in (taken, nxt):
        db.drop()
    pool.close()
    names = {r[0] for r in forge_postgres.query("SELECT datname FROM pg_database")}
    assert not names & (set(ahead) | {taken.name}), "close() drops the copies nobody took"
