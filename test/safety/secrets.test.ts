/**
 * Safety: a database password is on no process's command line. `make psql`
 * and `forge db psql` hand the connection to psql through its environment
 * (PG* variables), so `ps` shows neither the URL nor its password.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { ROOT, tempCluster } from '../helpers.ts';

// A '/' in it: the URL must percent-encode it, and nothing may print either form.
const password = `pw/${randomBytes(8).toString('hex')}`;
const secretForms = [password, encodeURIComponent(password), password.slice(3)];
const server = tempCluster({ password });

/** Every process's command line on this machine (what `ps` shows). */
function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

// The Python client's psql runs (pytest fixtures on a server given by URL): its script reads the URL from the environment too.
const PYTHON_PSQL =
  "import os, sys; from fixture_forge.postgres import UrlPostgres; sys.stdout.write(UrlPostgres(os.environ['DATABASE_URL']).psql(stdin=sys.stdin.buffer.read()))";

for (const [name, command, hidesUrl] of [
  ['make psql', ['make', '-s', '-o', 'setup', 'psql'], true],
  ['forge db psql', [process.execPath, join(ROOT, 'bin/forge.js'), 'db', 'psql'], true],
  // It names the server by the URL without its password (no secret in it); the password goes in PGPASSWORD.
  ['the Python client', ['python3', '-c', PYTHON_PSQL], false],
] as const) {
  test(`${name} with DATABASE_URL holding a password connects, and no command line shows ${hidesUrl ? 'the URL or ' : ''}the password`, async () => {
    const url = server.url();
    assert.ok(url.includes(encodeURIComponent(password)), 'the URL carries the password');
    // psql's query waits on a lock the test holds: psql is connected and running while the command lines are read.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(4242)');
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PYTHONPATH: join(ROOT, 'clients/python') };
    delete env.PGPASSWORD;
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.stdin.write("SELECT pg_advisory_lock(4242), 'connected as ' || current_user AS who;\n");
    if (!hidesUrl) child.stdin.end(); // the Python client reads its whole script first
    try {
      let waiting = 0;
      for (let i = 0; i < 1200 && waiting === 0 && child.exitCode === null; i++) {
        const r = await holder.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'psql' AND wait_event_type = 'Lock'");
        waiting = r.rows[0].n;
        if (waiting === 0) await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(waiting, 1, `psql connected with the password and is running its query (stderr: ${stderr})`);
      const lines = commandLines();
      assert.ok(
        lines.some((l) => /\bpsql\b/.test(l)),
        'psql is among the processes',
      );
      for (const secret of secretForms)
        assert.deepEqual(
          lines.filter((l) => l.includes(secret)),
          [],
          'no command line holds the password',
        );
      const at = `@127.0.0.1:${new URL(url).port}`;
      if (hidesUrl)
        assert.deepEqual(
          lines.filter((l) => l.includes(at)),
          [],
          'no command line holds the URL',
        );
    } finally {
      await holder.query('SELECT pg_advisory_unlock(4242)');
      await holder.end();
      if (hidesUrl) child.stdin.end();
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /connected as postgres/);
    for (const secret of secretForms) assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'nothing printed the password');
  });
}
