import type { Models } from '../adapters/db/models';
import type { Sender } from '../adapters/feishu/sender';
import {
  type EscalationTarget,
  type OpenTask,
  type PendingObjection,
  type PendingPublication,
  type PlannedRound,
  type ScheduleConfig,
} from '../domain/schedule';
import { type Directory } from './identity';
import { type Handover } from './plans';
import type { Unfit } from '../domain/draw/reassign';

export interface ScheduleDeps {
  models: Models;
  directory: Directory;
  sender: Sender;
  now(): Date;
  /** Seeds of automatic draws (drawMode auto); crypto.randomBytes unless a test injects its own. */
  randomBytes?(size: number): Buffer;
  /** The settings (the 考评 formula of December's summary); the defaults when absent. */
  schedule?: ScheduleConfig;
}

export interface DayPlan {
  day: string;
  /** Each a job of its own (its id is the job id and the receipt key); already-done ones left out. */
  sends: Send[];
  /** What could not be planned (someone missing from the people data); the worker reports it as an error. */
  problems: string[];
  /** Set when the day lies beyond the holiday calendar's data (statutory holidays are then reckoned, 调休 unknown). */
  calendarWarning?: string;
  /** Reviews and approvals whose item changed hands today: their cards go to the new holders. */
  handover?: Handover;
}

/**
 * Whom a send is for: a person's key, and their name and open id once the day's plan has looked them up
 * (`addressed`, one lookup for the whole day).
 */
export interface Addressed {
  to: string;
  toName?: string;
  toOpenId?: string | null;
}

/** One card (or one small set) the schedule sends, with everything needed to build it. */
export type Send =
  /** `draw-auto` (drawMode auto): the bot draws and sends for approval; `to` (the 责任人) gets the preview. */
  | (Addressed & {
      id: string;
      kind: 'draw-prompt';
      round: PlannedRound;
      rounds: number;
    })
  | (Addressed & {
      id: string;
      kind: 'draw-auto';
      round: PlannedRound;
      rounds: number;
    })
  | (Addressed & {
      id: string;
      kind: 'draw-overdue';
      round: PlannedRound;
      step: number;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
    })
  | (Addressed & {
      id: string;
      kind: 'reminder';
      tasks: (OpenTask & { workdaysLeft: number })[];
    })
  | (Addressed & {
      id: string;
      kind: 'task-overdue';
      step: number;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
      tasks: OpenTask[];
      /** The inspectors' names, looked up with the recipients. */
      names?: Record<string, string>;
      /** One per task: this step reached this person for this task. */
      receipts: string[];
    })
  | (Addressed & {
      id: string;
      kind: 'publication-reminder';
      items: (PendingPublication & { workdaysLeft: number })[];
      receipts: string[];
    })
  | (Addressed & {
      id: string;
      kind: 'publication-overdue';
      step: number;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
      items: PendingPublication[];
      receipts: string[];
    })
  | { id: string; kind: 'summary'; month: string }
  /** An objection awaiting its 责任局领导: reminded (`step` null) or escalated (`step` ≥ 1). */
  | (Addressed & {
      id: string;
      kind: 'objection-due';
      objection: PendingObjection;
      step: number | null;
      workdaysLeft: number | null;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
    })
  /** An inspector of an open task who can no longer go: the unit's heads are asked to reassign (改派). */
  | (Addressed & {
      id: string;
      kind: 'task-reassign';
      unfit: Unfit;
      receipts: string[];
    })
  /** 执法证 lapsing within 30 days (or lapsed), told once per certificate to the unit's heads. */
  | (Addressed & {
      id: string;
      kind: 'cert-expiry';
      officers: { name: string; badgeNo: string; unitName: string; expires: string }[];
      receipts: string[];
    })
  /** A year without an approved plan: the office is asked for it, or the 组长 gets the pending version again. */
  | (Addressed & {
      id: string;
      kind: 'plan-rollover';
      year: number;
      /** The version awaiting the 组长 (its approval card goes out again), or null (the office's card). */
      versionId: string | null;
      /** This person asked about this version (or about none) ever, and today. */
      receipts: string[];
    });

/** Who the schedule acts as in the audit log. */
export const SYSTEM = 'system:schedule';
export const ROLE_TEXT: Record<EscalationTarget, string> = {
  inspectors: '检查人员',
  responsible: '责任人',
  leader: '责任局领导',
  office: '领导小组办公室',
};
/** The receipt of one planned send (its id), so planning again leaves it out. */
export const receiptKey = (id: string) => `schedule:${id}`;

export type Grouped = Extract<Send, { receipts: string[] }>;
export type SendOf<K extends Send['kind']> = Extract<Send, { kind: K }>;
