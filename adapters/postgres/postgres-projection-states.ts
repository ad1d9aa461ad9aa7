/**
 * Projection states and checkpoints in the `projections` table of the
 * store's schema: one row per projection, each save one statement (so state,
 * checkpoint and status change together or not at all).
 *
 * @module
 */
import type { ProjectionRecord, ProjectionStateStore } from '../../src/kernel/index.js';

/** Runs one of the store's prepared statements and returns its rows as arrays. */
type Run = (key: 'projectionLoad' | 'projectionSave' | 'projectionDelete' | 'projectionList', values: unknown[]) => Promise<unknown[]>;

type Row = [string, unknown, unknown, string, string, string];

function toRecord(row: Row): ProjectionRecord {
  return {
    name: row[0],
    version: Number(row[1]),
    checkpoint: Number(row[2]),
    state: JSON.parse(row[3]) as unknown,
    status: JSON.parse(row[4]) as ProjectionRecord['status'],
    updatedAt: row[5],
  };
}

/**
 * The PostgreSQL {@link ProjectionStateStore} (internal: reached as `store.projections`).
 *
 * @example
 * ```ts
 * await store.projections.save({ name: 'p', version: 1, checkpoint: 7, state: {}, status: { kind: 'ok' }, updatedAt: new Date().toISOString() });
 * ```
 */
export class PostgresProjectionStates implements ProjectionStateStore {
  constructor(
    private readonly run: Run,
    private readonly assertOpen: () => void,
  ) {}

  async load(name: string): Promise<ProjectionRecord | undefined> {
    this.assertOpen();
    const rows = (await this.run('projectionLoad', [name])) as Row[];
    return rows.length === 0 ? undefined : toRecord(rows[0]!);
  }

  async save(record: ProjectionRecord): Promise<void> {
    this.assertOpen();
    await this.run('projectionSave', [record.name, record.version, record.checkpoint, JSON.stringify(record.state) ?? 'null', JSON.stringify(record.status), record.updatedAt]);
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    await this.run('projectionDelete', [name]);
  }

  async list(): Promise<ProjectionRecord[]> {
    this.assertOpen();
    const rows = (await this.run('projectionList', [])) as Row[];
    // Sorted here, by UTF-16 code units like the reference store, not by the database's collation.
    return rows.map(toRecord).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
