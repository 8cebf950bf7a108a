import { randomBytes } from 'node:crypto';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, QueryDeepPartialEntity, Repository } from 'typeorm';
import type { ActorRef, AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { invalidField } from '../common/errors.js';
import { issue, problem } from '../common/messages/problem.js';
import { type Placeholder, PreparedQuery } from '../database/prepared-query.js';
import { lockForUpdate, WriteTransactions } from '../database/write-transactions.js';
import type { RegionTree } from '../regions/region-tree.js';
import { RegionsService } from '../regions/regions.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { CreateUserDto, ScopeNodeDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { toUserResponse, type UserResponse } from './dto/user.response.js';
import { UserScope } from './entities/user-scope.entity.js';
import { User } from './entities/user.entity.js';
import { PasswordHasher } from './password-hasher.js';
import type { Role } from './roles.js';
import { checkPassword } from './password-policy.js';

export class UserNotFoundException extends NotFoundException {
  constructor(id: number) {
    super(problem('user_not_found', { id }));
  }
}

export const FIRST_ADMIN_USERNAME = 'admin';

const ACTIVE_USER_SQL = (p: Placeholder) =>
  'SELECT u.id, u.username, u.display_name, u.role, u.disabled, u.token_version, s.region_id ' +
  `FROM users u LEFT JOIN user_scopes s ON s.user_id = u.id WHERE u.id = ${p(1)} ORDER BY s.id`;

interface ActiveUserRow {
  id: number | string;
  username: string;
  display_name: string;
  role: Role;
  disabled: number | boolean;
  token_version: number | string;
  region_id: number | string | null;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(UserScope) private readonly scopes: Repository<UserScope>,
    private readonly regions: RegionsService,
    private readonly writes: WriteTransactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {
    this.activeUser = new PreparedQuery(users.manager.dataSource, ACTIVE_USER_SQL);
  }

  private readonly activeUser: PreparedQuery<ActiveUserRow>;

  async list(): Promise<UserResponse[]> {
    const [users, scopes, tree] = await Promise.all([
      this.users.find({ order: { id: 'ASC' } }),
      this.scopes.find({ order: { id: 'ASC' } }),
      this.regions.loadTree(),
    ]);
    return users.map((u) =>
      toUserResponse(
        u,
        scopes.filter((s) => s.userId === u.id).map((s) => s.regionId),
        tree,
      ),
    );
  }

  async get(id: number): Promise<UserResponse> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new UserNotFoundException(id);
    return toUserResponse(user, await this.scopeOf(id), await this.regions.loadTree());
  }

  async create(dto: CreateUserDto, by: ActorRef): Promise<UserResponse> {
    const passwordProblem = checkPassword(dto.password, dto.username);
    if (passwordProblem) throw invalidField('password', passwordProblem);
    const regionIds = await this.checkScope(dto.role, dto.scope);
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.writes.run(async (manager) => {
      if (await manager.existsBy(User, { username: dto.username })) {
        throw new ConflictException(problem('username_taken', { username: dto.username }));
      }
      const created = await manager.save(
        manager.create(User, { username: dto.username, displayName: dto.displayName.trim(), role: dto.role, passwordHash }),
      );
      await this.replaceScope(manager, created.id, regionIds);
      return created;
    });
    this.logger.log({ userId: user.id, username: user.username, role: user.role, by: by.name }, 'user created');
    return this.get(user.id);
  }

  async update(id: number, dto: UpdateUserDto, by: ActorRef): Promise<UserResponse> {
    // Everything slow or refusable comes first, outside the transaction: the checks (the username
    // never changes) and the password hash (about 90 ms). The transaction reads the user again.
    const known = await this.users.findOneBy({ id });
    if (!known) throw new UserNotFoundException(id);
    if (dto.password !== undefined) {
      const passwordProblem = checkPassword(dto.password, known.username);
      if (passwordProblem) throw invalidField('password', passwordProblem);
    }
    const tree = dto.scope !== undefined || dto.role !== undefined ? await this.regions.loadTree() : null;
    if (tree) scopeRegionIds(tree, dto.role ?? known.role, dto.scope ?? (await this.scopeNodes(tree, id)));
    const passwordHash = dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    await this.writes.run(async (manager) => {
      const mayRemoveAnAdmin = dto.disabled === true || (dto.role !== undefined && dto.role !== 'admin');
      // Two admins disabling each other at once, on two instances: each must see the other's
      // change. Both lock the active admins before anything else, in id order (so they queue
      // instead of deadlocking); the second gets the locks after the first commits and, under
      // READ COMMITTED, PostgreSQL re-checks each locked row, leaving out the admin just disabled.
      const otherAdmins = mayRemoveAnAdmin ? (await this.lockActiveAdmins(manager)).filter((adminId) => adminId !== id) : [];
      const current = await manager.findOne(User, { where: { id }, lock: lockForUpdate(manager) });
      if (!current) throw new UserNotFoundException(id);
      const role = dto.role ?? current.role;
      if (current.role === 'admin' && !current.disabled && mayRemoveAnAdmin && otherAdmins.length === 0) {
        throw new ConflictException(problem('last_admin'));
      }
      // Again from the locked row: its role may have changed since the check above.
      const regionIds = tree ? scopeRegionIds(tree, role, dto.scope ?? (await this.scopeNodes(tree, id, manager))) : null;
      const changes: QueryDeepPartialEntity<User> = { updatedAt: this.clock.now() };
      if (dto.displayName !== undefined) changes.displayName = dto.displayName.trim();
      if (dto.role !== undefined) changes.role = dto.role;
      if (dto.disabled !== undefined) changes.disabled = dto.disabled;
      if (passwordHash !== undefined) changes.passwordHash = passwordHash;
      // A reset password or a disabled account ends every session the user has open. Counted in
      // SQL, so two resets at once end the sessions of both (each a new version).
      if (passwordHash !== undefined || dto.disabled === true) changes.tokenVersion = () => 'token_version + 1';
      await manager.update(User, { id }, changes);
      if (regionIds) await this.replaceScope(manager, id, regionIds);
    });
    const fields = Object.keys(dto).filter((k) => k !== 'password');
    this.logger.log({ userId: id, fields, passwordReset: dto.password !== undefined, by: by.name }, 'user updated');
    return this.get(id);
  }

  async changeOwnPassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const current = await this.users.findOneByOrFail({ id: user.id });
    if (!(await this.hasher.verify(current.passwordHash, dto.currentPassword))) throw wrongCurrentPassword();
    const passwordProblem = checkPassword(dto.newPassword, current.username);
    if (passwordProblem) throw invalidField('newPassword', passwordProblem);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    // Only over the password just verified: if it changed meanwhile (the same change sent twice,
    // an admin's reset), currentPassword is no longer the current one.
    const changed = await this.writes.run(async (manager) => {
      const result = await manager.update(
        User,
        { id: user.id, passwordHash: current.passwordHash },
        { passwordHash, tokenVersion: () => 'token_version + 1', updatedAt: this.clock.now() },
      );
      return result.affected === 1;
    });
    if (!changed) throw wrongCurrentPassword();
    this.logger.log({ userId: user.id }, 'password changed');
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  /** The user a token names, if it still may act: enabled, and the token not outdated. */
  async findActive(id: number, tokenVersion: number): Promise<AuthUser | null> {
    // Every request calls this: one fixed statement, no query builder and no entity hydration.
    const rows = await this.activeUser.all([id]);
    const user = rows[0];
    if (!user || Boolean(user.disabled) || Number(user.token_version) !== tokenVersion) return null;
    return {
      id: Number(user.id),
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      scopeRegionIds: rows.flatMap((r) => (r.region_id === null ? [] : [Number(r.region_id)])),
    };
  }

  /**
   * Creates the first admin when no account exists, with `password` or else a random one that
   * is returned so it can be shown once. Does nothing when any account exists.
   */
  async ensureFirstAdmin(password: string | undefined): Promise<{ created: false } | { created: true; generatedPassword: string | null }> {
    if ((await this.users.count()) > 0) return { created: false };
    const chosen = password ?? randomBytes(12).toString('base64url');
    const passwordHash = await this.hasher.hash(chosen);
    const created = await this.writes.run(async (manager) => {
      if ((await manager.count(User)) > 0) return false;
      await manager.save(manager.create(User, { username: FIRST_ADMIN_USERNAME, displayName: '系统管理员', role: 'admin', passwordHash }));
      return true;
    });
    if (!created) return { created: false };
    this.logger.log({ username: FIRST_ADMIN_USERNAME }, 'first admin account created');
    return { created: true, generatedPassword: password === undefined ? chosen : null };
  }

  /** The ids of the active admins, locked (PostgreSQL) in id order, as they are once the locks are granted. */
  private async lockActiveAdmins(manager: EntityManager): Promise<number[]> {
    const admins = await manager.find(User, {
      select: { id: true },
      where: { role: 'admin', disabled: false },
      order: { id: 'ASC' },
      lock: lockForUpdate(manager),
    });
    return admins.map((a) => a.id);
  }

  private async scopeOf(userId: number, manager: EntityManager = this.scopes.manager): Promise<number[]> {
    return (await manager.find(UserScope, { where: { userId }, order: { id: 'ASC' } })).map((s) => s.regionId);
  }

  private async scopeNodes(tree: RegionTree, userId: number, manager?: EntityManager): Promise<ScopeNodeDto[]> {
    return (await this.scopeOf(userId, manager)).flatMap((id) => {
      const region = tree.get(id);
      return region ? [{ level: region.level, id }] : [];
    });
  }

  /** Checks each scope node names a region of that level; returns the region ids. */
  private async checkScope(role: Role, scope: readonly ScopeNodeDto[]): Promise<number[]> {
    return role === 'admin' ? [] : scopeRegionIds(await this.regions.loadTree(), role, scope);
  }

  private async replaceScope(manager: EntityManager, userId: number, regionIds: number[]): Promise<void> {
    await manager.delete(UserScope, { userId });
    if (regionIds.length > 0)
      await manager.insert(
        UserScope,
        regionIds.map((regionId) => ({ userId, regionId })),
      );
  }
}

function wrongCurrentPassword() {
  return invalidField('currentPassword', issue('wrong_current_password'));
}

/** The region ids of a scope for `role` (none for an admin); refuses nodes that name no region of their level. */
function scopeRegionIds(tree: RegionTree, role: Role, scope: readonly ScopeNodeDto[]): number[] {
  if (role === 'admin') return [];
  if (scope.length === 0) throw invalidField('scope', issue('scope_empty', { role }));
  for (const [index, node] of scope.entries()) {
    const region = tree.get(node.id);
    if (!region || region.level !== node.level)
      throw invalidField(`scope[${index}]`, issue('scope_region_unknown', { level: node.level, id: node.id }));
  }
  return [...new Set(scope.map((n) => n.id))];
}
