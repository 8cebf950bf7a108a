/** Who may do what (issue 3): admin everything; supervisor reads; staff records the work; inspector accepts it. */
export const ROLES = ['admin', 'supervisor', 'staff', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '督导',
  staff: '工作人员',
  inspector: '验收人员',
};
