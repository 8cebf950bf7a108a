import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FIRST_ADMIN_USERNAME, UsersService } from '../users/users.service.js';

/**
 * When no account exists, creates the first admin: with ADMIN_PASSWORD if set, else with a
 * random password printed once on standard output (never into the log). The HTTP server does
 * this as it starts (app.setup.ts); command-line tools do not.
 */
@Injectable()
export class FirstAdmin {
  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService,
  ) {}

  async ensure(): Promise<void> {
    const outcome = await this.users.ensureFirstAdmin(this.config.get<string>('ADMIN_PASSWORD'));
    if (outcome.created && outcome.generatedPassword) {
      process.stdout.write(
        [
          '',
          '  首个管理员账号已创建 · First admin account created',
          `  username: ${FIRST_ADMIN_USERNAME}`,
          `  password: ${outcome.generatedPassword}`,
          '  This password is shown once. Sign in and change it: POST /api/auth/password',
          '',
          '',
        ].join('\n'),
      );
    }
  }
}
