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
import { SignInAttempts } from './sign-in-attempts.js';
import { TooManyAttemptsException } from './too-many-attempts.exception.js';
import type { Environment } from '../config/env.validation.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the username is unknown, so both failures take as long. */
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Environment, true>,
    private readonly clock: Clock,
    private readonly attempts: SignInAttempts,
  ) {
    this.decoyHash = hasher.hash('decoy password that matches nothing');
  }

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const now = this.clock.now().getTime();
    const accountKey = username.trim().toLowerCase();
    // Both places are taken, or neither, before any password is checked (see SignInAttempts).
    const reservation = await this.attempts.reserveBoth(accountKey, address, now);
    if (!('places' in reservation)) {
      this.logger.warn({ username: redactDigits(accountKey), address }, 'sign-in refused: too many attempts');
      throw new TooManyAttemptsException(reservation.retryAfterSeconds);
    }
    const { places } = reservation;
    let valid: boolean;
    let user: User | null;
    try {
      this.hasher.assertRoom();
      user = await this.users.findByUsername(username.trim());
      valid = await this.hasher.verify(user?.passwordHash ?? (await this.decoyHash), password);
    } catch (error) {
      // Not judged (the password queue is full, the database failed): the attempt is not counted.
      await this.attempts.release(places);
      throw error;
    }
    if (!user || !valid || user.disabled) {
      await this.attempts.fail(places);
      // Someone may type their phone number as the username.
      this.logger.warn({ username: redactDigits(accountKey), address }, 'sign-in failed');
      throw new UnauthorizedException(problem('wrong_credentials'));
    }
    await this.attempts.succeed(places);
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
