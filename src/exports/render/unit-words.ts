import type { RegionLevel } from '../../regions/region-level.js';

/** How the exports name a report's unit: the 村/镇/县 column header, '共3000个村'. */
export const UNIT_WORDS: Record<RegionLevel, string> = {
  village: '村',
  township: '镇',
  county: '县',
};
