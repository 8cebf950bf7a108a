import { In, type EntityManager } from 'typeorm';
import { placeholderFor } from '../database/prepared-query.js';
import { toCalendarDate } from '../database/sql-values.js';
import { Household } from '../households/entities/household.entity.js';
import type { AccessScope } from '../regions/access-scope.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { StoredHousehold, StoredSource, StoredVillage } from './import-plan.js';

/** Placeholders per query of ID-card numbers (PostgreSQL and SQLite both take far more; this keeps statements short). */
const ID_CARD_BATCH = 500;

/**
 * The stored households an import is planned against, read through `manager`: the import's
 * own transaction at commit (so the plan sees what the commit writes over), the shared
 * connection while validating.
 */
export class DatabaseStoredSource implements StoredSource {
  constructor(
    private readonly manager: EntityManager,
    private readonly scope: AccessScope,
  ) {}

  async village(villageId: number): Promise<StoredVillage> {
    const households = await this.manager.find(Household, { where: { villageId, isPlaceholder: false }, order: { id: 'ASC' } });
    const p = placeholderFor(this.manager.dataSource)(1);
    const reached: { h: number | string; s: RepairStatus; d: unknown }[] = await this.manager.query(
      `SELECT sc.household_id AS h, sc.to_status AS s, MAX(sc.occurred_on) AS d
         FROM status_changes sc JOIN households hh ON hh.id = sc.household_id
        WHERE hh.village_id = ${p} AND NOT hh.is_placeholder
        GROUP BY sc.household_id, sc.to_status`,
      [villageId],
    );
    const byHousehold = new Map<number, StoredHousehold['reachedOn']>();
    for (const r of reached) {
      const id = Number(r.h);
      const days = byHousehold.get(id) ?? {};
      days[r.s] = toCalendarDate(r.d);
      byHousehold.set(id, days);
    }
    const placeholders = await this.manager.count(Household, { where: { villageId, isPlaceholder: true } });
    return { households: households.map((h) => ({ ...h, reachedOn: byHousehold.get(h.id) ?? {} })), placeholders };
  }

  async villagesOfIdCards(idCards: readonly string[]): Promise<number[]> {
    const villages = new Set<number>();
    for (let i = 0; i < idCards.length; i += ID_CARD_BATCH) {
      const found = await this.manager.find(Household, {
        select: { villageId: true },
        where: { idCardNumber: In(idCards.slice(i, i + ID_CARD_BATCH)), isPlaceholder: false },
      });
      for (const { villageId } of found) if (this.scope.covers(villageId)) villages.add(villageId);
    }
    return [...villages];
  }
}
