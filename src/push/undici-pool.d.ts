// undici's Pool class alone: its package index also loads fetch, WebSocket
// and the rest (~0.2 s of CPU at start-up), which forge push never uses.
// undici is pinned to an exact version in package.json, so this path is stable.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';
  const PoolClass: typeof Pool;
  export default PoolClass;
}
