/** Where a deploy stands. A process killed mid-deploy leaves `running`. */
export type JournalStatus = 'running' | 'done' | 'undone' | 'needs-attention';

/** The steps of a deploy, in order; the journal records each one as it completes. */
export const DEPLOY_STEPS = [
  'prepare',
  'lease',
  'find-live',
  'launch-template',
  'create-fleet',
  'pin-capacity',
  'wait-healthy',
  'cutover',
  'retire',
  'finish',
] as const;

/** One step of a deploy. */
export type DeployStepId = (typeof DEPLOY_STEPS)[number];

/** Capacity values of a group, as they were or should be. */
export interface CapacityValues {
  min: number;
  max: number;
  desired: number;
}

/** Everything a resumed or recovering process needs to continue or undo the deploy. Never user data. */
export interface JournalPlan {
  imageId: string;
  imageName?: string;
  strategy: string;
  /** Target groups the new fleet is created attached to. */
  targetGroupArns: string[];
  slot?: string;
  launchTemplate?: { id: string; name: string; version: number; created: boolean };
  newGroup: string;
  /** The new fleet's capacity once the deploy ends (min unpinned). */
  newCapacity: CapacityValues;
  /** The live fleet at the start, and its capacity before odin pinned it. */
  oldGroup?: string;
  /** The live fleet's slot (weighted, dns), from its `odin:slot` tag. */
  oldSlot?: string;
  oldOriginal?: CapacityValues;
  /** The min both fleets are pinned to while the deploy runs. */
  pinnedMin?: number;
  /** Set by a rollback: the release it puts back. */
  rollbackOf?: string;
  /** Set when the new fleet is a retained standby brought back by a rollback rather than created. */
  reused?: ReusedStandby;
  /** Set just before the old fleet is deleted (`retain.standbys: 0`): the deploy can only finish forward. */
  pastPointOfNoReturn?: boolean;
}

/** A standby as it was before a rollback brought it back, so that an undo can put it back as it was. */
export interface ReusedStandby {
  original: CapacityValues;
  /** When its warm window ended or ends (epoch ms); absent for a cold standby. */
  expiresAt?: number;
}

/** One completed step. */
export interface JournalStep {
  step: DeployStepId | string;
  at: number;
  detail?: Record<string, unknown>;
}

/** The journal as stored at `<prefix><service>/<env>/journal.json`. */
export interface JournalRecord {
  version: 1;
  deployId: string;
  releaseId: string;
  kind: 'deploy' | 'rollback';
  service: string;
  environment: string;
  status: JournalStatus;
  startedAt: number;
  updatedAt: number;
  author: string;
  host: string;
  pid: number;
  message?: string;
  plan?: JournalPlan;
  steps: JournalStep[];
  error?: { code: string; message: string };
}

/** Parses a stored journal; undefined when it is not one odin wrote. */
export function parseJournal(body: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(body) as Partial<JournalRecord>;
    if (value.version !== 1 || typeof value.deployId !== 'string' || !Array.isArray(value.steps))
      return undefined;
    return value as JournalRecord;
  } catch {
    return undefined;
  }
}
