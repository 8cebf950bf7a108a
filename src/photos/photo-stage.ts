/** When in the repair a photo was taken: 修缮前, 施工中, 修缮后, 验收. */
export const PHOTO_STAGES = ['before', 'during', 'after', 'acceptance'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export const PHOTO_STAGE_LABELS: Record<PhotoStage, string> = {
  before: '修缮前',
  during: '施工中',
  after: '修缮后',
  acceptance: '验收',
};

/** The stages that show the finished house: what an acceptance may rely on. */
export const FINISHED_HOUSE_STAGES: readonly PhotoStage[] = ['after', 'acceptance'];
