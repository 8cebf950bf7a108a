import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem } from '../common/messages/problem.js';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock.js';
import type { Role } from '../users/roles.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC } from './public.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';
import { VerifiedTokens } from './verified-tokens.js';

interface RouteRules {
  isPublic: boolean;
  roles: Role[] | undefined;
}

export interface TokenPayload {
  sub: number;
  /** The user's token version when the token was issued. */
  ver: number;
  /** Issued at, seconds since the epoch, by the Clock. */
  iat: number;
  /** Expiry, seconds since the epoch: iat + JWT_TTL_SECONDS. */
  exp: number;
}

/**
 * Every route needs a valid bearer token unless marked @Public(); the user is loaded fresh on
 * each request, so a disabled account or changed role takes effect at once. @Roles() limits a
 * route to some roles (403 for the others).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  private readonly verified = new VerifiedTokens<TokenPayload>();
  /** Each route's @Public() and @Roles(), read from its decorators once: they never change. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.rulesOf(context.getClass(), context.getHandler());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: AuthUser }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header) : null;
    if (!match) throw new UnauthorizedException(problem('sign_in_required'));
    const payload = await this.verify(match[1]);
    const user =
      Number.isSafeInteger(payload.sub) && Number.isSafeInteger(payload.ver) ? await this.users.findActive(payload.sub, payload.ver) : null;
    if (!user) throw new UnauthorizedException(problem('session_ended'));
    request.user = user;
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException(problem('role_forbidden', { roles, role: user.role }));
    }
    return true;
  }

  /** A handler's rules, keyed by its class too: a handler a subclass inherits may be decorated differently there. */
  private rulesOf(controller: object, handler: object): RouteRules {
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let rules = byHandler.get(handler);
    if (!rules) {
      const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      };
      byHandler.set(handler, rules);
    }
    return rules;
  }

  private async verify(token: string): Promise<TokenPayload> {
    // Expiry is judged by the Clock, the one that issued the token (auth.service.ts).
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token, nowSeconds);
    if (known) return known;
    try {
      const payload = await this.jwt.verifyAsync<TokenPayload>(token, { clockTimestamp: nowSeconds });
      this.verified.remember(token, payload);
      return payload;
    } catch {
      throw new UnauthorizedException(problem('token_invalid'));
    }
  }
}
