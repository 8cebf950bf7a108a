import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayWidth } from '../src/auth/first-admin.js';
import { http } from './support/http.js';
import { GENERATED_PASSWORD, startTestApp } from './support/test-app.js';

describe('the first admin without ADMIN_PASSWORD', () => {
  it('gets a generated password, printed once in a box on standard error, pointed to by one log line and never logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracker-log-'));
    const logFile = join(dir, 'app.log');
    const t = await startTestApp({ generatedAdminPassword: true, logFile });
    try {
      const password = GENERATED_PASSWORD.exec(t.startupErrors)?.[1];
      expect(password).toMatch(/^[\w-]{16}$/);
      // The helper signed in with it.
      await http(t).get('/api/auth/me').expect(200);

      // A closed box: a top and a bottom rule and framed lines between, all as wide on a terminal.
      const box = t.startupErrors.split('\n').filter((line) => /^[┌│└]/.test(line));
      expect(box[0]).toMatch(/^┌─+┐$/);
      expect(box.at(-1)).toMatch(/^└─+┘$/);
      expect(box.slice(1, -1).every((line) => /^│ .* │$/.test(line))).toBe(true);
      expect(new Set(box.map(displayWidth)).size).toBe(1);
      const text = box.join('\n');
      for (const words of [
        '首个管理员账号已创建',
        'First admin account created',
        '用户名 username: admin',
        `password: ${password}`,
        'POST /api/auth/password',
      ]) {
        expect(text).toContain(words);
      }
      expect(t.startupOutput).not.toContain(password!);

      const restarted = await t.restart();
      for (const output of [restarted.startupErrors, restarted.startupOutput]) expect(output).not.toMatch(/password|┌/);
      await restarted.dispose();

      const log = readFileSync(logFile, 'utf8');
      expect(log).not.toContain(password!);
      const pointers = log.split('\n').filter((line) => line.includes('standard error'));
      expect(pointers).toHaveLength(1);
      expect(JSON.parse(pointers[0])).toMatchObject({ username: 'admin', msg: expect.stringContaining('首个管理员账号已创建') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
