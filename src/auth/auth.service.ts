import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock.js';
import { problem } from '../common/messages/problem.js';
import { redactDigits } from '../log-redaction.js';
import { PasswordHasher } from '../users/password-hasher.js';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import type { TokenPayload } from './auth.guard.js';
import type { LoginResponse, MeResponse } from './dto/login.response.js';
import { LoginThrottle, waitOf } from './login-throttle.js';
import { TooManyAttemptsException } from './too-many-attempts.exception.js';
import type { Environment } from '../config/env.validation.js';

const WINDOW_MS = 15 * 60 * 1000;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Five password checks per account, or twenty per address, in fifteen minutes, unless they succeed. */
  private readonly perAccount = new LoginThrottle({ maxAttempts: 5, windowMs: WINDOW_MS });
  private readonly perAddress = new LoginThrottle({ maxAttempts: 20, windowMs: WINDOW_MS });
  /** Verified against when the username is unknown, so both failures take as long. */
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Environment, true>,
    private readonly clock: Clock,
  ) {
    this.decoyHash = hasher.hash('decoy password that matches nothing');
  }

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const now = this.clock.now().getTime();
    const accountKey = username.trim().toLowerCase();
    // Both places are taken before any password is checked (see LoginThrottle).
    const forAccount = this.perAccount.reserve(accountKey, now);
    const forAddress = this.perAddress.reserve(address, now);
    if (!('attempt' in forAccount) || !('attempt' in forAddress)) {
      if ('attempt' in forAccount) this.perAccount.release(forAccount.attempt);
      if ('attempt' in forAddress) this.perAddress.release(forAddress.attempt);
      this.logger.warn({ username: redactDigits(accountKey), address }, 'sign-in refused: too many attempts');
      throw new TooManyAttemptsException(Math.max(waitOf(forAccount), waitOf(forAddress)));
    }
    let valid: boolean;
    let user: User | null;
    try {
      this.hasher.assertRoom();
      user = await this.users.findByUsername(username.trim());
      valid = await this.hasher.verify(user?.passwordHash ?? (await this.decoyHash), password);
    } catch (error) {
      // Not judged (the password queue is full, the database failed): the attempt is not counted.
      this.perAccount.release(forAccount.attempt);
      this.perAddress.release(forAddress.attempt);
      throw error;
    }
    if (!user || !valid || user.disabled) {
      this.perAccount.fail(forAccount.attempt);
      this.perAddress.fail(forAddress.attempt);
      // Someone may type their phone number as the username.
      this.logger.warn({ username: redactDigits(accountKey), address }, 'sign-in failed');
      throw new UnauthorizedException(problem('wrong_credentials'));
    }
    this.perAccount.succeed(forAccount.attempt);
    this.perAddress.release(forAddress.attempt);
    const ttl = this.config.getOrThrow('JWT_TTL_SECONDS', { infer: true });
    // Issued and expiring by the Clock, as the guard checks them (jsonwebtoken would read Date.now).
    const issuedAt = Math.floor(now / 1000);
    const payload: TokenPayload = { sub: user.id, ver: user.tokenVersion, iat: issuedAt, exp: issuedAt + ttl };
    const accessToken = await this.jwt.signAsync(payload);
    this.logger.log({ userId: user.id, address }, 'signed in');
    return {
      accessToken,
      expiresAt: new Date(payload.exp * 1000).toISOString(),
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    };
  }

  async me(user: AuthUser): Promise<MeResponse> {
    const full = await this.users.get(user.id);
    const { id, username, displayName, role, scope } = full;
    return { id, username, displayName, role, scope };
  }
}
