import type { EntityManager } from 'typeorm';
import type { WriteStep } from '../household-writes/write-steps.js';
import { namedQuery } from './named-statements.js';
import { placeholderFor, type Placeholder } from './prepared-query.js';

/**
 * The report generations: counters in `report_generations`, one per shard, each raised by one
 * in the same transaction as any change a report counts (households, their history and edit
 * log, the progress counters, remarks, regions). Their sum is the marker of every cached
 * report: it only grows, and it grows exactly when such a change commits, on every database and
 * for every instance reading it, whatever order transactions commit in.
 *
 * Households are spread over shards by id, so moves of different households on PostgreSQL
 * rarely wait for one another's counter row. A transaction raises its shards last, just before
 * it commits, in shard order: a transaction that holds a generation row then waits for nothing
 * but other generation rows, taken in one order, so generations never deadlock with the
 * progress counters.
 */
export const GENERATION_SHARDS = 66;

/** Shards 0–63 are households'. */
const HOUSEHOLD_SHARDS = 64;
export const REMARKS_SHARD = 64;
export const REGIONS_SHARD = 65;

/** The shard of a household's changes. */
export const householdShard = (id: number) => id % HOUSEHOLD_SHARDS;

/**
 * The shard a write step raises, or null when it raises none: no report counts what it writes
 * (photos, a move's client-made id), or the household step beside it raises the shard (the
 * counters). A new household counts under shard 0: it has no id yet.
 */
export function generationShardOf(step: WriteStep): number | null {
  switch (step.kind) {
    case 'insert_household':
      return householdShard(0);
    case 'update_household':
    case 'delete_household':
      return householdShard(step.id);
    case 'insert_status_change':
      return householdShard(step.householdId === 'new' ? 0 : step.householdId);
    case 'insert_edit':
    case 'recount_history':
      return householdShard(step.householdId);
    // Counter steps only ever come with a step about their household (commands.ts), which raises its shard.
    case 'count':
    case 'count_delta':
    case 'count_entry':
    case 'record_request':
    case 'insert_photo':
    case 'delete_photo':
      return null;
  }
}

/** The shards a transaction raises, in the order it takes their rows. */
export class GenerationShards {
  private readonly shards = new Set<number>();

  addSteps(steps: readonly WriteStep[]): void {
    for (const step of steps) {
      const shard = generationShardOf(step);
      if (shard !== null) this.shards.add(shard);
    }
  }

  /** How many shards are held. */
  get size(): number {
    return this.shards.size;
  }

  /** The shards taken so far, in shard order, and forgets them. */
  take(): number[] {
    const taken = [...this.shards].sort((a, b) => a - b);
    this.shards.clear();
    return taken;
  }
}

/** Raises the shard's generation (its row always exists: the migration made them all). */
export const RAISE_GENERATION = (p: Placeholder) => `UPDATE report_generations SET generation = generation + 1 WHERE shard = ${p(1)}`;

/** The marker: the sum of the generations. */
export const GENERATION_SUM = 'SELECT SUM(generation) AS generation FROM report_generations';

/** Raises the shards' generations through TypeORM, in shard order; call it last in the transaction. */
export async function raiseGenerations(manager: EntityManager, shards: readonly number[]): Promise<void> {
  const sql = RAISE_GENERATION(placeholderFor(manager.dataSource));
  const named = manager.dataSource.options.type === 'postgres' && manager.queryRunner !== undefined;
  for (const shard of [...shards].sort((a, b) => a - b)) {
    if (named) await namedQuery(manager, sql, [shard]);
    else await manager.query(sql, [shard]);
  }
}

/** Raises every shard at once: for data loaded in bulk around the write path (rebuildStatusCounters). */
export const RAISE_ALL_GENERATIONS = 'UPDATE report_generations SET generation = generation + 1';

/** The regions' own generation: the region tree's marker. */
export const REGIONS_GENERATION = `SELECT generation FROM report_generations WHERE shard = ${REGIONS_SHARD}`;
