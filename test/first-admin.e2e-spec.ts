import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from './support/http.js';
import { startTestApp } from './support/test-app.js';

describe('the first admin without ADMIN_PASSWORD', () => {
  it('gets a generated password, printed once on standard output and never logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracker-log-'));
    const logFile = join(dir, 'app.log');
    const t = await startTestApp({ generatedAdminPassword: true, logFile });
    try {
      const password = /password: (\S+)/.exec(t.startupOutput)?.[1];
      expect(password).toMatch(/^[\w-]{16}$/);
      // The helper signed in with it.
      await http(t).get('/api/auth/me').expect(200);
      const restarted = await t.restart();
      expect(restarted.startupOutput).not.toContain('password');
      await restarted.dispose();
      expect(readFileSync(logFile, 'utf8')).not.toContain(password!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
