import type { Absence } from './qualification';
import type { Role } from './plan-template';
import type { CreditLevel, RiskLevel, TargetStatus } from './target';

/** One entry of 检查对象名录库 as imported or generated (before it becomes a document). */
export interface TargetRecord {
  creditCode: string;
  name: string;
  address: string;
  legalRepresentative: string;
  phone: string;
  itemCodes: string[];
  creditLevel: CreditLevel;
  riskLevel: RiskLevel;
  status: TargetStatus;
}

/** One entry of 执法检查人员名录库 as imported or generated. */
export interface OfficerRecord {
  badgeNo: string;
  name: string;
  unitName: string;
  title: string;
  roles: Role[];
  /** Item codes (执法领域); empty: any item of the unit. */
  areas: string[];
  mobile: string | null;
  email: string | null;
  active: boolean;
  /** 执法证 dates (YYYY-MM-DD), null when the roster has none. */
  certIssued: string | null;
  certExpires: string | null;
  /** A 休假/停职/调离 period the roster gives. */
  absence: Absence | null;
}
