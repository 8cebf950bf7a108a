import type { Api } from './api.js';
import type { MeResponse } from './api-types.js';
import type { RegionIndex } from './region-units.js';
import type { Route } from './routes.js';
import type { Session } from './session.js';

/** What every signed-in page is given. */
export interface PageContext {
  api: Api;
  session: Session;
  /** Who is signed in, with their scope (GET /api/auth/me). */
  me: MeResponse;
  regions: RegionIndex;
  navigate(route: Route): void;
  /** False once the user has moved on to another page: late answers are then dropped. */
  isCurrent(): boolean;
}

/** Something to undo when the page is left (chart instances, observers). */
export type Cleanup = () => void;
