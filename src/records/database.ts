/** Values a query may bind: what both pg and PGlite serialise the same way. */
export type SqlValue = string | number | boolean | null | Date | Buffer | readonly (string | number | boolean | null)[];

/** Something queries can run on: the database itself, or one transaction. */
export interface Queryable {
  /** Rows of a parameterised query ($1, $2…). The SQL is the same for PostgreSQL and PGlite. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The relational store for records that must last (callback requests, connector accounts, the audit log,
 * analytics). PostgreSQL in production, embedded PGlite on a laptop; both pass test/records/database.contract.ts.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Run `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
