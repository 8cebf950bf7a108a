import type { Role } from '../users/roles.js';

/** The signed-in user a request acts as, loaded fresh from the database on every request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Region nodes the user works in; each covers everything below it. */
  scopeRegionIds: number[];
}

/** Who a change is attributed to in history and the edit log. */
export interface ActorRef {
  userId: number | null;
  name: string;
}

export function actorOf(user: AuthUser): ActorRef {
  return { userId: user.id, name: user.displayName };
}
