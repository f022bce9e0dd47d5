/**
 * Real local PostgreSQL servers, the module's public face. Each job lives in
 * a file of its own:
 *   programs.ts         finding and running initdb, postgres, pg_ctl
 *   os-user.ts          the OS user the server runs as (postgres, as root)
 *   readiness.ts        free ports, postmaster.pid, waiting for "ready"
 *   handle.ts           PgServer: url(), env(), createDatabase(), stop()
 *   temp-cluster.ts     throwaway clusters for tests and benchmarks
 *   project-cluster.ts  the project's persistent cluster (forge db, forge load)
 */
export type { PgServer } from './handle.ts';
export { ensurePersistentCluster, LOADING_SETTINGS, persistentClusterStatus } from './project-cluster.ts';
export { findPgBin, pgServerVersion } from './programs.ts';
export { freePort } from './readiness.ts';
export { startTempCluster } from './temp-cluster.ts';
