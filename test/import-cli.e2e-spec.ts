import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { ledgerXlsx } from './support/ledger-files.js';

const run = promisify(execFile);

/**
 * `npm run import -- …` as the README gives it (which builds first), on a Qingxu-seeded
 * database of its own; later runs call the compiled command directly.
 */
async function importCommand(args: string[], dir: string, built = true): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const [command, argv] = built ? ['node', ['dist/src/cli/import.js', ...args]] : ['npm', ['run', '--silent', 'import', '--', ...args]];
    const { stdout, stderr } = await run(command, argv, {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`, SEED: 'qingxu', LOG_LEVEL: 'warn' },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const HEADERS = ['村', '户主', '地址', '鉴定等级', '鉴定日期', '开工日期', '完工日期'];

describe('the import command line', () => {
  let dir: string;
  let ledger: string;
  let count: (sql: string) => number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-import-cli-'));
    ledger = join(dir, '阎家营村台账.xlsx');
    writeFileSync(
      ledger,
      await ledgerXlsx({
        titles: ['阎家营村受损房屋台账'],
        headers: HEADERS,
        rows: [
          ['闫家营村', '阎国强', '阎家营村 1 号', 'C级', '2021-10-20', '2021-11-01', '2021-12-01'],
          ['阎家营村', '阎国富', '阎家营村 2 号', 'B', '2021-10-20', null, null],
          ['阎家营村', '阎国华', '阎家营村 3 号', 'F', null, null, null],
        ],
      }),
    );
    count = (sql) => {
      const db = new Database(join(dir, 'tracker.sqlite'), { readonly: true });
      try {
        return (db.prepare(sql).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates only, by default: prints the summary and the invalid rows, exits 1, writes nothing', async () => {
    const result = await importCommand([ledger, '--replace-placeholders'], dir, false);
    expect(result.stdout).toContain('共 3 行：新增 2，更新 0，无变化 0，有误 1');
    expect(result.stdout).toContain('第 5 行 鉴定等级：鉴定等级“F”不对');
    expect(result.code).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM households WHERE householder LIKE '阎国%'`)).toBe(0);
  }, 240_000);

  it('refuses to commit while rows are invalid, unless told to skip them', async () => {
    const refused = await importCommand([ledger, '--commit', '--replace-placeholders'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('没有导入任何内容');
    const done = await importCommand([ledger, '--commit', '--skip-invalid', '--replace-placeholders'], dir);
    expect([done.code, done.stderr]).toEqual([0, '']);
    expect(done.stdout).toContain('已导入');
    expect(done.stdout).toMatch(/删除示意数据 \d+ 户/);
    expect(count(`SELECT COUNT(*) AS n FROM households WHERE householder LIKE '阎国%'`)).toBe(2);
    // The seed's named household stays; the placeholders of 阎家营村 are gone.
    expect(
      count(
        `SELECT COUNT(*) AS n FROM households h JOIN regions r ON r.id = h.village_id WHERE r.name = '阎家营村' AND h.is_placeholder = 1`,
      ),
    ).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM households WHERE householder = '郑清亮'`)).toBe(1);
  }, 240_000);

  it('exits 3 for a file it refuses and 2 for wrong arguments', async () => {
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    const refused = await importCommand([xls], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('另存为');
    const usage = await importCommand([ledger, '--skip-invalid'], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run import');
  }, 240_000);
});
