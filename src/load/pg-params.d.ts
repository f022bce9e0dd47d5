// pg's ConnectionParameters: the class pg.Client reads a connection string
// with (defaults and PG* variables filled in). @types/pg does not declare it.
declare module 'pg/lib/connection-parameters.js' {
  export default class ConnectionParameters {
    constructor(config: { connectionString: string });
    host: string;
    port: number;
    database: string;
    user: string;
  }
}
