"""A fresh database per test, as forge's `forge db fresh` makes them: the
artifact is restored once into a template database named after its
manifest's sha256 (reused while the artifact is the same), and each test
gets a copy of it (CREATE DATABASE ... TEMPLATE), dropped when the test ends.
Only on this machine's servers: a remote or production-looking server is
refused, as every destructive forge command refuses it."""
import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

TEMPLATE_PREFIX = "forge_tpl_"
BUILDING_PREFIX = "forge_tplbuild_"
FRESH_PREFIX = "forge_fresh_"

_PRODUCTION_WORDS = re.compile(r"(^|[^a-z])(prod|production|live|primary)([^a-z]|$)", re.I)


class RefusedTarget(Exception):
    """The server is not on this machine, or looks like production."""


def production_reason(url, env=None):
    """Why a server URL must not get fresh databases (None when it may)."""
    env = os.environ if env is None else env
    for key in ("APP_ENV", "NODE_ENV", "FORGE_ENV"):
        if re.fullmatch(r"prod(uction)?", env.get(key, ""), re.I):
            return f"{key}={env[key]}"
    parts = urlsplit(url)
    host = (parse_qs(parts.query).get("host") or [parts.hostname or "localhost"])[-1]
    database = parts.path.lstrip("/")
    local = host in ("localhost", "::1") or host.startswith("127.") or host.startswith("/")
    if not local:
        return f"its host {host} is not this machine"
    if _PRODUCTION_WORDS.search(database) or _PRODUCTION_WORDS.search(host):
        return "its name looks like production"
    return None


def check_server(url, env=None):
    reason = production_reason(url, env)
    if reason:
        raise RefusedTarget(f"refusing to make fresh databases on {_mask(url)}: {reason}")


def _mask(url):
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def template_name(artifact):
    with open(os.path.join(artifact.dir, "manifest.json"), "rb") as fh:
        return TEMPLATE_PREFIX + hashlib.sha256(fh.read()).hexdigest()[:16]


def ensure_template(server, artifact):
    """The artifact's template database on `server`, restored first if missing."""
    name = template_name(artifact)
    if server.query(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return name
    building = f"{BUILDING_PREFIX}{os.getpid()}"
    server.psql("-c", f"DROP DATABASE IF EXISTS {_ident(building)} WITH (FORCE)")
    server.create_database(building)
    server.restore(artifact, building)
    server.psql("-c", "VACUUM (FREEZE, ANALYZE)", dbname=building)
    try:
        # Renamed only when complete: a killed restore never passes for a template.
        server.psql("-c", f"ALTER DATABASE {_ident(building)} RENAME TO {_ident(name)}")
    except RuntimeError:
        # Another process made it meanwhile: use theirs.
        server.psql("-c", f"DROP DATABASE IF EXISTS {_ident(building)} WITH (FORCE)")
        return name
    server.psql("-c", f"ALTER DATABASE {_ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
    return name


class FreshDatabase:
    """One test's database: `url` (or `name` on `server`), `query()`, `psql()`."""

    def __init__(self, server, name):
        self.server = server
        self.name = name
        self.url = server.url(name)

    def query(self, sql):
        return self.server.query(sql, dbname=self.name)

    def psql(self, *args, stdin=None):
        return self.server.psql(*args, dbname=self.name, stdin=stdin)

    def drop(self):
        self.server.psql("-c", f"DROP DATABASE IF EXISTS {_ident(self.name)} WITH (FORCE)")


def fresh_database(server, template):
    name = f"{FRESH_PREFIX}{template[len(TEMPLATE_PREFIX):][:8]}_{os.getpid()}_{os.urandom(4).hex()}"
    server.psql("-c", f"CREATE DATABASE {_ident(name)} TEMPLATE {_ident(template)}")
    return FreshDatabase(server, name)


class FreshPool:
    """Copies of a template made ahead: a CREATE DATABASE costs 100-400 ms on
    a busy 2-core machine, so `take()` hands over a copy made while the
    previous test ran and starts the next one. `close()` drops the copies
    nobody took (the forge_db_template fixture calls it at session end)."""

    def __init__(self, server, template, spares=2):
        self.server = server
        self.template = template
        self.spares = max(0, spares)
        self._ahead = []
        self._workers = ThreadPoolExecutor(max_workers=max(1, self.spares), thread_name_prefix="forge-fresh")

    def take(self):
        db = (self._ahead.pop(0) if self._ahead else self._workers.submit(fresh_database, self.server, self.template)).result()
        while len(self._ahead) < self.spares:
            self._ahead.append(self._workers.submit(fresh_database, self.server, self.template))
        return db

    def close(self):
        ahead, self._ahead = self._ahead, []
        for future in ahead:
            try:
                future.result().drop()
            except Exception:  # a copy that failed has nothing to drop
                pass
        self._workers.shutdown(wait=True)
