import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FIRST_ADMIN_USERNAME, UsersService } from '../users/users.service.js';
import type { Environment } from '../config/env.validation.js';

/**
 * When no account exists, creates the first admin: with ADMIN_PASSWORD if set, else with a
 * random password printed once on standard error, in a box, and never into the log (the log
 * gets one line saying where to look). The HTTP server does this as it starts (app.setup.ts),
 * and so does the import command (an import is recorded as an account); the report command
 * does not.
 */
@Injectable()
export class FirstAdmin {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async ensure(): Promise<void> {
    const outcome = await this.users.ensureFirstAdmin(this.config.get('ADMIN_PASSWORD', { infer: true }));
    if (outcome.created && outcome.generatedPassword) {
      process.stderr.write(firstAdminBox(FIRST_ADMIN_USERNAME, outcome.generatedPassword));
      this.logger.log(
        { username: FIRST_ADMIN_USERNAME },
        'first admin password generated: printed once on standard error, in the box headed 首个管理员账号已创建 (never logged)',
      );
    }
  }
}

/**
 * The notice for a generated first-admin password, framed with box-drawing characters so that it
 * stands out among the JSON log lines: Chinese and English, the username and the password.
 */
export function firstAdminBox(username: string, password: string): string {
  const lines = [
    '首个管理员账号已创建 · First admin account created',
    '',
    `用户名 username: ${username}`,
    `密码   password: ${password}`,
    '',
    '此密码只显示这一次，不写入日志。请复制，登录后修改（POST /api/auth/password）。',
    'Shown only this once and never logged: copy it, sign in and change it',
    '(POST /api/auth/password).',
  ];
  const width = Math.max(...lines.map(displayWidth));
  const framed = lines.map((line) => `│ ${line}${' '.repeat(width - displayWidth(line))} │`);
  const rule = '─'.repeat(width + 2);
  return ['', `┌${rule}┐`, ...framed, `└${rule}┘`, '', ''].join('\n');
}

/**
 * Columns a terminal gives `text`: CJK ideographs, kana, Hangul and full-width forms take two,
 * everything else one (the box holds only those and ASCII).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    width +=
      /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  }
  return width;
}
