"""A throwaway PostgreSQL server for tests, and restoring an artifact into it
with psql, as the Postgres image's init scripts do. Standard library only:
queries go through `psql` (CSV output, read back with NULL semantics)."""
import gzip
import os
import pwd
import shutil
import subprocess
import tempfile
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from .pgcsv import parse_pg_csv


def _pg_bin():
    env = os.environ.get("PG_BIN")
    if env and os.path.exists(os.path.join(env, "initdb")):
        return env
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        if os.path.exists(os.path.join(out, "initdb")):
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    base = "/usr/lib/postgresql"
    versions = sorted((v for v in os.listdir(base) if os.path.exists(os.path.join(base, v, "bin", "initdb"))), key=int, reverse=True) if os.path.isdir(base) else []
    if versions:
        return os.path.join(base, versions[0], "bin")
    raise RuntimeError("no PostgreSQL server programs (install Debian's postgresql, or set PG_BIN)")


class _PsqlServer:
    """What the fixtures do on a server, all through psql."""

    def psql(self, *args, dbname="postgres", stdin=None):
        raise NotImplementedError

    def url(self, dbname="postgres"):
        raise NotImplementedError

    def create_database(self, name):
        self.psql("-c", f'CREATE DATABASE "{name}"')
        return name

    def query(self, sql, dbname="postgres"):
        """Rows as tuples of text (None for NULL)."""
        out = self.psql("-c", f"COPY ({sql}) TO STDOUT (FORMAT csv)", dbname=dbname)
        return [tuple(r) for r in parse_pg_csv(out)]

    def restore(self, artifact, dbname):
        """Restores the artifact into dbname in one transaction, each file checked
        against the manifest first: its dump.sql.gz when it has one, otherwise
        schema.sql, each table's CSV (psql \\copy) and post.sql, as the dump would."""
        listed = {f["path"] for f in artifact.manifest["files"]}
        if "dump.sql.gz" in listed:
            with open(artifact.path("dump.sql.gz"), "rb") as fh:
                self.psql(dbname=dbname, stdin=gzip.decompress(fh.read()))
            return
        lines = [r"\set ON_ERROR_STOP 1", "BEGIN;", rf"\i {_quote(artifact.path('schema.sql'))}"]
        for t in artifact.manifest["tables"]:
            cols = ", ".join(_ident(c["name"]) for c in t["columns"])
            csv = artifact.path(t["files"]["csv"]["path"])
            lines.append(rf"\copy {_ident(t['name'])} ({cols}) FROM {_quote(csv)} WITH (FORMAT csv, HEADER true)")
        lines += [rf"\i {_quote(artifact.path('post.sql'))}", "COMMIT;", "ANALYZE;"]
        self.psql(dbname=dbname, stdin=("\n".join(lines) + "\n").encode())


def _run_psql(args, env, stdin):
    r = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "--quiet", *args], input=stdin, capture_output=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode()


class UrlPostgres(_PsqlServer):
    """A server given by a postgres:// URL (any database on it)."""

    def __init__(self, url):
        self._url = urlsplit(url)

    def url(self, dbname="postgres"):
        return urlunsplit(self._url._replace(path="/" + quote(dbname)))

    def psql(self, *args, dbname="postgres", stdin=None):
        # The password goes to psql in PGPASSWORD, never on its command line (which `ps` shows to every user).
        u = urlsplit(self.url(dbname))
        env = {**os.environ, "PGTZ": "UTC"}
        if u.password is not None:
            env["PGPASSWORD"] = unquote(u.password)
            host = u.hostname or ""
            if ":" in host:
                host = f"[{host}]"
            user = f"{u.username}@" if u.username is not None else ""
            u = u._replace(netloc=f"{user}{host}{f':{u.port}' if u.port else ''}")
        return _run_psql(["-d", urlunsplit(u), *args], env, stdin)


class TempPostgres(_PsqlServer):
    """initdb + pg_ctl start in a temp dir, reachable only by its Unix socket
    (so no port can clash); as root, the server runs as the postgres user."""

    def __init__(self):
        self.bin = _pg_bin()
        self.root = tempfile.mkdtemp(prefix="forge-pypg-")
        os.chmod(self.root, 0o755)
        self.data = os.path.join(self.root, "data")
        self.socket_dir = os.path.join(self.root, "sock")
        self.port = 5432
        self._as = {}
        if os.getuid() == 0:
            pw = pwd.getpwnam("postgres")
            self._as = {"user": pw.pw_uid, "group": pw.pw_gid}
        for d in (self.data, self.socket_dir):
            os.mkdir(d, 0o700)
            if self._as:
                os.chown(d, self._as["user"], self._as["group"])
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        opts = f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.socket_dir, "log"), "-w", "start")

    def _run(self, program, *args):
        r = subprocess.run([os.path.join(self.bin, program), *args], capture_output=True, text=True, **self._as)
        if r.returncode != 0:
            raise RuntimeError(f"{program} failed: {(r.stderr or r.stdout).strip()}")

    def env(self, dbname="postgres"):
        return {**os.environ, "PGHOST": self.socket_dir, "PGPORT": str(self.port), "PGUSER": "postgres", "PGDATABASE": dbname, "PGTZ": "UTC"}

    def url(self, dbname="postgres"):
        return f"postgresql://postgres@/{quote(dbname)}?host={quote(self.socket_dir)}&port={self.port}"

    def psql(self, *args, dbname="postgres", stdin=None):
        return _run_psql(args, self.env(dbname), stdin)

    def stop(self):
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _quote(path):
    return "'" + path.replace("'", "''") + "'"
