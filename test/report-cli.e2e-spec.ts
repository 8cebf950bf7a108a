import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

/**
 * `npm run report -- …` exactly as the README gives it (which builds first), on a database of
 * its own; `built` runs the compiled command directly once a first run has built it.
 */
async function report(args: string[], dir: string, built = false): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const [command, argv] = built ? ['node', ['dist/src/cli/report.js', ...args]] : ['npm', ['run', '--silent', 'report', '--', ...args]];
    const { stdout, stderr } = await run(command, argv, {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`, SEED: 'qingxu', LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the report command line', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the weekly XLSX on a fresh database and prints its path', async () => {
    const out = join(dir, 'reports');
    const result = await report(['--period', 'week', '--date', '2021-12-23', '--format', 'xlsx', '--out', out], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const path = result.stdout.trim();
    expect(path).toBe(join(out, '清徐县因灾受损房屋修缮进度周报_2021年第51周.xlsx'));
    expect(existsSync(path)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(path)).buffer);
    const totals: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[0] === '合计') totals.push(values.slice(1, 4));
    });
    expect(totals).toEqual([
      ['B级', 397, 358],
      ['C级', 222, 161],
      ['B+C合计', 619, 519],
    ]);
  }, 180_000);

  it.each([
    [['--period', 'month', '--format', 'xlsx', '--out', 'x'], /--period must be day or week/],
    [['--period', 'week', '--format', 'docx', '--out', 'x'], /--format must be one of/],
    [['--period', 'week', '--format', 'csv'], /--out must name the folder/],
  ])(
    'exits non-zero with a clear message for %p',
    async (args, message) => {
      const result = await report(args, dir, true);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('Usage: npm run report');
      expect(result.stdout).toBe('');
    },
    180_000,
  );

  it('writes the WeChat text as a .txt file', async () => {
    const out = join(dir, 'text');
    const result = await report(['--period', 'day', '--date', '2021-12-23', '--format', 'text', '--out', out], dir, true);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const path = result.stdout.trim();
    expect(path).toBe(join(out, '清徐县因灾受损房屋修缮进度日报_2021年12月23日.txt'));
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').slice(0, 4)).toEqual([
      '【清徐县因灾受损房屋修缮进度日报】',
      '2021年12月23日',
      'B级：鉴定397户，完工358户（90.1%），验收325户（81.8%）',
      'C级：鉴定222户，完工161户（72.5%），验收0户（0.0%）①',
    ]);
    expect(text).toContain('注①：来源报道未给出C级验收户数');
  }, 180_000);

  it('says so when the date is in the future', async () => {
    const result = await report(['--period', 'day', '--date', '2999-01-01', '--format', 'csv', '--out', join(dir, 'x')], dir, true);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/日期 2999-01-01 晚于今天.* · .*date 2999-01-01 is in the future/);
  }, 180_000);
});
