/** 信用等级 A (best) … D (worst), as SAMR grades market entities. */
export const CREDIT_LEVELS = ['A', 'B', 'C', 'D'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高' };

/** 正常 / 停业 / 注销: closed and suspended targets are not drawn. */
export const TARGET_STATUSES = ['open', 'suspended', 'closed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  open: '正常',
  suspended: '停业',
  closed: '注销',
};
