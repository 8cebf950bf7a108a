/** The administrative levels the tracker knows, top down. */
export const REGION_LEVELS = ['county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** The level a region of `level` sits under, or null for the top. */
export function parentLevel(level: RegionLevel): RegionLevel | null {
  const i = REGION_LEVELS.indexOf(level);
  return i > 0 ? REGION_LEVELS[i - 1] : null;
}
