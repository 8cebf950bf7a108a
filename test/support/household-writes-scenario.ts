import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { toCalendarDate, toCount } from '../../src/database/sql-values.js';
import { WriteTransactions } from '../../src/database/write-transactions.js';
import { createHousehold, editHousehold, moveHousehold, removePlaceholders, type Recording } from '../../src/household-writes/commands.js';
import { HouseholdWriter } from '../../src/household-writes/household-writer.js';
import { checkStatusCounters } from '../../src/household-writes/status-counters.js';
import type { Command } from '../../src/household-writes/write-steps.js';
import type { Household } from '../../src/households/entities/household.entity.js';
import { AccessScope } from '../../src/regions/access-scope.js';
import { Region } from '../../src/regions/entities/region.entity.js';
import { User } from '../../src/users/entities/user.entity.js';

/**
 * One scenario of every kind of household write, run through HouseholdWriter on whichever
 * database `dataSource` is: creates, moves, edits (a village and grade change among them), the
 * refusals (stale version, own completion, a date before the last change), and a batch that fails
 * half-way. Returns the stored rows of every table the writer owns, in a form both databases print
 * the same, so the SQLite and PostgreSQL stores can be compared row for row.
 */

export interface ScenarioOutcome {
  refusals: string[];
  tables: Record<string, Record<string, unknown>[]>;
  countersConsistent: boolean;
}

const NOW = [new Date('2021-12-20T02:00:00.000Z'), new Date('2021-12-21T03:30:00.000Z'), new Date('2021-12-23T09:15:00.000Z')];

export async function runHouseholdWritesScenario(dataSource: DataSource): Promise<ScenarioOutcome> {
  const writer = new HouseholdWriter(dataSource, new WriteTransactions(dataSource));
  const regions = dataSource.getRepository(Region);
  const county = await regions.save({ level: 'county', parentId: null, name: '清徐县', code: '140121' });
  const township = await regions.save({ level: 'township', parentId: county.id, name: '孟封镇', code: '140121103' });
  const mengfeng = await regions.save({ level: 'village', parentId: township.id, name: '孟封村', code: null });
  const xiaowu = await regions.save({ level: 'village', parentId: township.id, name: '小武村', code: null });
  const users = dataSource.getRepository(User);
  const user = async (username: string, displayName: string, role: AuthUser['role']): Promise<AuthUser> => {
    const saved = await users.save({ username, displayName, role, passwordHash: 'not a real hash', disabled: false, tokenVersion: 1 });
    return { id: saved.id, username, displayName, role, scopeRegionIds: [] };
  };
  const clerk = await user('wangfang', '王芳', 'staff');
  const inspector = await user('zhaomin', '赵敏', 'inspector');
  const everything = AccessScope.everything();
  const anyVillage = () => undefined;
  const at = (user: AuthUser, day: number): Recording => ({
    actor: { userId: user.id, name: user.displayName },
    role: user.role,
    today: '2021-12-23',
    now: NOW[day],
  });
  const move = (
    h: Pick<Household, 'id' | 'version'>,
    to: Household['status'],
    occurredOn: string,
    by: AuthUser,
    day: number,
    note: string | null = null,
  ) => moveHousehold(h.id, { to, occurredOn, version: h.version, note }, by, everything, { today: '2021-12-23', now: NOW[day] });
  const refusals: string[] = [];
  const refused = async (work: Promise<unknown>) => {
    try {
      await work;
      refusals.push('written');
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.() as { code?: string } | undefined;
      refusals.push(response?.code ?? String(error));
    }
  };

  let a = await writer.run(
    createHousehold(
      {
        fields: { villageId: mengfeng.id, householder: '张三', grade: 'B', address: '孟封村一巷 3 号', rooms: 3, designDrawings: true },
        status: 'pending',
        statusOn: '2021-12-01',
        note: null,
        assertVillage: anyVillage,
      },
      at(clerk, 0),
    ),
  );
  let b = await writer.run(
    createHousehold(
      {
        fields: { villageId: mengfeng.id, householder: '李四', grade: 'C', idCardNumber: '11010519491231002X', phone: '13912345678' },
        status: 'completed',
        statusOn: '2021-12-10',
        note: '录入前已完工',
        assertVillage: anyVillage,
      },
      at(clerk, 0),
    ),
  );
  a = (await writer.run(move(a, 'in_progress', '2021-12-15', clerk, 1))).after;
  // 赵敏 completed it while she was still staff, then became an inspector.
  a = (await writer.run(move(a, 'completed', '2021-12-20', { ...inspector, role: 'staff' }, 1))).after;
  await refused(writer.run(move(a, 'accepted', '2021-12-21', inspector, 2))); // the inspector completed it: own_completion
  await refused(writer.run(move({ id: a.id, version: a.version - 1 }, 'accepted', '2021-12-21', clerk, 2))); // stale_version
  // A stale move decided on a read one version behind as well, as if the row changed between the
  // read and the write: only the store's conditional UPDATE can refuse it (stale_version).
  await refused(writer.run(readingOneVersionBehind(move({ id: b.id, version: b.version - 1 }, 'accepted', '2021-12-21', inspector, 2))));
  await refused(writer.run(move(b, 'accepted', '2021-12-05', inspector, 2))); // before its last change
  // A batch whose second command is refused writes nothing of the first either.
  await refused(writer.runAll([move(b, 'accepted', '2021-12-22', inspector, 2), move(a, 'pending', '2021-12-22', inspector, 2)]));
  b = (await writer.run(move(b, 'accepted', '2021-12-22', inspector, 2))).after;
  // A correction: A is in 小武村 and re-appraised as C; its whole history counts there now.
  a = (
    await writer.run(
      editHousehold(
        {
          id: a.id,
          version: a.version,
          patch: { villageId: xiaowu.id, grade: 'C', remarks: '复核改为C级' },
          scope: everything,
          assertVillage: anyVillage,
        },
        at(clerk, 2),
      ),
    )
  ).household;
  // Personal data reaches the edit log masked; an edit that changes nothing writes nothing.
  b = (
    await writer.run(
      editHousehold(
        { id: b.id, version: b.version, patch: { phone: '13987654321' }, scope: everything, assertVillage: anyVillage },
        at(clerk, 2),
      ),
    )
  ).household;
  await writer.run(
    editHousehold(
      { id: b.id, version: b.version, patch: { phone: '13987654321' }, scope: everything, assertVillage: anyVillage },
      at(clerk, 2),
    ),
  );
  await refused(
    writer.run(
      editHousehold({ id: a.id, version: 1, patch: { remarks: '过期的版本' }, scope: everything, assertVillage: anyVillage }, at(clerk, 2)),
    ),
  );

  // An imported row: a new household with its later dated moves, in one command.
  await writer.run(
    createHousehold(
      {
        fields: { villageId: xiaowu.id, householder: '王五', grade: 'B', appraisalDate: '2021-10-20' },
        status: 'pending',
        statusOn: '2021-10-20',
        moves: [
          { to: 'in_progress', occurredOn: '2021-11-02' },
          { to: 'completed', occurredOn: '2021-11-20' },
        ],
        note: '导入台账：小武村.xlsx 第 4 行',
        assertVillage: anyVillage,
      },
      at(clerk, 1),
    ),
  );
  // A move the workflow forbids among the later moves refuses the whole household.
  await refused(
    writer.run(
      createHousehold(
        {
          fields: { villageId: xiaowu.id, householder: '赵六', grade: 'B' },
          status: 'pending',
          statusOn: '2021-11-01',
          moves: [{ to: 'accepted', occurredOn: '2021-11-20' }],
          note: null,
          assertVillage: anyVillage,
        },
        at(clerk, 1),
      ),
    ),
  );
  // Placeholders of 孟封村 (the seed's stand-ins) and an import's long session that removes them
  // and adds a household; a session that fails half-way writes none of its batches.
  const placeholder = (householder: string, status: Household['status']) =>
    createHousehold(
      {
        fields: { villageId: mengfeng.id, householder, grade: 'B' },
        status,
        statusOn: '2021-12-01',
        note: null,
        isPlaceholder: true,
        assertVillage: anyVillage,
      },
      at(clerk, 0),
    );
  await writer.runAll([placeholder('孟封村B级1', 'completed'), placeholder('孟封村B级2', 'pending')]);
  await refused(
    writer.session(async (session) => {
      await session.runAll([
        editHousehold(
          { id: b.id, version: b.version, patch: { remarks: '未提交的修改' }, scope: everything, assertVillage: anyVillage },
          at(clerk, 2),
        ),
      ]);
      await session.runAll([move(a, 'pending', '2021-12-22', clerk, 2)]);
    }),
  );
  await writer.session(async (session) => {
    await session.runAll([
      createHousehold(
        {
          fields: { villageId: mengfeng.id, householder: '孟七', grade: 'C' },
          status: 'in_progress',
          statusOn: '2021-12-05',
          note: null,
          assertVillage: anyVillage,
        },
        at(clerk, 2),
      ),
    ]);
    refusals.push(`removed ${(await session.runAll([removePlaceholders(mengfeng.id)])).join(',')}`);
  });

  return { refusals, tables: await storedRows(dataSource), countersConsistent: (await checkStatusCounters(dataSource)).consistent };
}

/** `command` with every household it reads answered one version older than the store holds it. */
function* readingOneVersionBehind<T>(command: Command<T>): Command<T> {
  let next = command.next();
  while (!next.done) {
    const answer = yield next.value;
    const household = next.value.kind === 'household' ? (answer as Household | null) : null;
    next = command.next(household ? { ...household, version: household.version - 1 } : answer);
  }
  return next.value;
}

/** Every row of the writer's tables, ids and all, with values as plain text, numbers and booleans. */
async function storedRows(dataSource: DataSource): Promise<Record<string, Record<string, unknown>[]>> {
  const plain = (value: unknown, column: string): unknown => {
    if (value === null || value === undefined) return null;
    // PostgreSQL gives instants as Dates; SQLite as TypeORM's UTC text.
    if (/_(at)$/.test(column)) return (value instanceof Date ? value : new Date(`${(value as string).replace(' ', 'T')}Z`)).toISOString();
    if (/_on$|^day$|_date$/.test(column)) return toCalendarDate(value);
    if (/^(design_drawings|construction_supervision|technical_service|is_placeholder)$/.test(column)) return Boolean(value);
    if (typeof value === 'bigint' || /^(id|.*_id|version|rooms|households|delta|entries)$/.test(column)) return toCount(value);
    return value;
  };
  const tables: Record<string, string> = {
    households: 'SELECT * FROM households ORDER BY id',
    status_changes: 'SELECT * FROM status_changes ORDER BY id',
    household_edits: 'SELECT * FROM household_edits ORDER BY id',
    status_counts: 'SELECT * FROM status_counts WHERE households <> 0 ORDER BY village_id, grade, status',
    status_count_deltas: 'SELECT * FROM status_count_deltas WHERE delta <> 0 ORDER BY village_id, grade, status, day',
    status_entries: 'SELECT * FROM status_entries WHERE entries <> 0 ORDER BY village_id, grade, status, day',
  };
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, sql] of Object.entries(tables)) {
    const rows = await dataSource.query<Record<string, unknown>[]>(sql);
    out[table] = rows.map((row) =>
      Object.fromEntries(
        Object.keys(row)
          .sort()
          .map((column) => [column, plain(row[column], column)]),
      ),
    );
  }
  return out;
}
