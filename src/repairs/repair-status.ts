/** Repair statuses in workflow order: 待修缮 → 施工中 → 已完工 → 已验收. */
export const REPAIR_STATUSES = ['pending', 'in_progress', 'completed', 'accepted'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

/** How each status is written for county staff. */
export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = {
  pending: '待修缮',
  in_progress: '施工中',
  completed: '已完工',
  accepted: '已验收',
};
