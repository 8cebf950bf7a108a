import type { EntityManager } from 'typeorm';
import type { Placeholder } from '../database/prepared-query.js';
import { lockForUpdate } from '../database/write-transactions.js';
import { HouseholdEdit } from '../households/entities/household-edit.entity.js';
import { Household } from '../households/entities/household.entity.js';
import { StaleVersionException } from '../households/household.exceptions.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { RECOUNT_HISTORY_DELTAS, RECOUNT_HISTORY_ENTRIES, UPSERT_COUNT, UPSERT_DELTA, UPSERT_ENTRY } from './status-counters.js';
import { InsertedHousehold, type Command, type Read, type WriteStep, type Written } from './write-steps.js';

/**
 * Runs commands through TypeORM inside a transaction the caller opened (PostgreSQL; and SQLite
 * when the driver's own handle is not at hand). The household a command reads is locked FOR
 * UPDATE on PostgreSQL, so two instances deciding about one household take turns and the
 * second decides on what the first wrote.
 */
export class TypeormHouseholdStore {
  constructor(private readonly manager: EntityManager) {}

  async runAll<T>(commands: readonly Command<T>[]): Promise<T[]> {
    const results: T[] = [];
    for (const command of commands) results.push(await this.runOne(command));
    return results;
  }

  private async runOne<T>(command: Command<T>): Promise<T> {
    let next = command.next();
    while (!next.done) next = command.next(await this.read(next.value));
    return next.value.result(await this.write(next.value.steps));
  }

  private async read(read: Read): Promise<unknown> {
    switch (read.kind) {
      case 'household':
        return this.manager.findOne(Household, { where: { id: read.id }, lock: lockForUpdate(this.manager) });
      case 'completion_recorder': {
        const change = await this.manager.findOne(StatusChange, {
          where: { householdId: read.householdId, toStatus: 'completed' },
          order: { id: 'DESC' },
        });
        return change?.actorUserId ?? null;
      }
      case 'placeholders':
        return this.manager.find(Household, {
          select: { id: true, villageId: true, grade: true, status: true },
          where: { villageId: read.villageId, isPlaceholder: true },
          order: { id: 'ASC' },
          lock: lockForUpdate(this.manager),
        });
    }
  }

  private async write(steps: readonly WriteStep[]): Promise<Written> {
    const m = this.manager;
    const p: Placeholder = m.dataSource.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
    const inserted = new InsertedHousehold();
    for (const step of steps) {
      switch (step.kind) {
        case 'insert_household': {
          const { identifiers } = await m.insert(Household, step.values);
          inserted.id = Number(identifiers[0].id);
          break;
        }
        case 'update_household': {
          const result = await m
            .createQueryBuilder()
            .update(Household)
            .set({ ...step.set, version: () => 'version + 1' })
            .where('id = :id AND version = :version', { id: step.id, version: step.version })
            .execute();
          if (result.affected !== 1) {
            const current = await m.findOneBy(Household, { id: step.id });
            throw new StaleVersionException(step.id, step.version, current?.version ?? step.version + 1);
          }
          break;
        }
        case 'insert_status_change': {
          const { kind: _kind, householdId, ...row } = step;
          await m.insert(StatusChange, { ...row, householdId: inserted.resolve(householdId) });
          break;
        }
        case 'insert_edit': {
          const { kind: _kind, ...row } = step;
          await m.insert(HouseholdEdit, row);
          break;
        }
        case 'delete_household':
          await m.delete(StatusChange, { householdId: step.id });
          await m.delete(HouseholdEdit, { householdId: step.id });
          await m.delete(Household, { id: step.id });
          break;
        case 'count':
          await m.query(UPSERT_COUNT(p), [step.key.villageId, step.key.grade, step.status, step.delta]);
          break;
        case 'count_delta':
          await m.query(UPSERT_DELTA(p), [step.key.villageId, step.key.grade, step.status, step.day, step.delta]);
          break;
        case 'count_entry':
          await m.query(UPSERT_ENTRY(p), [step.key.villageId, step.key.grade, step.status, step.day, step.entries]);
          break;
        case 'recount_history': {
          const params = [step.key.villageId, step.key.grade, step.sign, step.householdId];
          if (step.table === 'deltas') await m.query(RECOUNT_HISTORY_DELTAS(p), [...params, step.householdId]);
          else await m.query(RECOUNT_HISTORY_ENTRIES(p), params);
          break;
        }
      }
    }
    return { insertedId: inserted.id };
  }
}
