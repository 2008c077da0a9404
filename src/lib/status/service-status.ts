/**
 * What `odin status` knows about one service environment at one moment: read from AWS and the
 * state bucket, changing nothing. Times are epoch milliseconds; this is also the `--json` shape.
 */
export interface ServiceStatus {
  service: string;
  environment: string;
  region: string;
  /** When this was read (the command's clock). */
  at: number;
  live?: LiveStatus;
  targetGroups: TargetGroupStatus[];
  traffic?: TrafficStatus;
  standbys: StandbyStatus[];
  deploy?: DeployInProgress;
  lease?: LeaseStatus;
  /** Recent scaling activity of the live fleet, newest first. */
  activity: ActivityStatus[];
  /** Things odin noticed that need a person (tags that disagree, a split it could not read). */
  warnings: string[];
}

/** The release that takes traffic, and its fleet. */
export interface LiveStatus {
  releaseId: string;
  kind?: 'deploy' | 'rollback';
  rolledBackTo?: string;
  image?: { id: string; name?: string };
  author?: string;
  message?: string;
  /** When it went live; absent when the history does not record it. */
  since?: number;
  ageMs?: number;
  fleet: FleetStatus;
}

/** An Auto Scaling group's capacity and its instances by lifecycle state. */
export interface FleetStatus {
  name: string;
  min: number;
  max: number;
  desired: number;
  /** Instance counts by lifecycle state, e.g. `{ InService: 3, Pending: 1 }`. */
  instances: Record<string, number>;
  unhealthyInstances: number;
}

/**
 * Every target of one target group, by state; `live` counts only the live fleet's, `otherFleets`
 * those of no fleet of this service environment (another environment sharing the target group).
 */
export interface TargetGroupStatus {
  arn: string;
  name: string;
  healthy: number;
  unhealthy: number;
  initial: number;
  draining: number;
  other: number;
  live: { healthy: number; unhealthy: number };
  otherFleets: { healthy: number; unhealthy: number };
}

/** The traffic split as the strategy reads it back. */
export interface TrafficStatus {
  strategy: string;
  summary: string;
  entries: Array<{ fleet?: string; slot?: string; percent: number }>;
}

/** A retained previous fleet. */
export interface StandbyStatus {
  name: string;
  releaseId: string;
  /** Warm: instances running, ready to take traffic back; cold: scaled to zero. */
  warm: boolean;
  running: number;
  desired: number;
  /** When its warm window ends (its scheduled action scales it to zero). */
  expiresAt?: number;
  expiresInMs?: number;
}

/** An unfinished deploy or rollback, from the journal. */
export interface DeployInProgress {
  deployId: string;
  releaseId: string;
  kind: 'deploy' | 'rollback';
  status: 'running' | 'needs-attention';
  /** The last step recorded as completed ('start' when none). */
  lastStep: string;
  startedAt: number;
  updatedAt: number;
  author: string;
}

/** Who holds the lease. */
export interface LeaseStatus {
  state: 'held' | 'expired';
  holder: string;
  host: string;
  command: string;
  releaseId?: string;
  expiresAt: number;
}

/** One scaling activity; `replacement` marks an unhealthy instance taken out and replaced. */
export interface ActivityStatus {
  at: number;
  status: string;
  description: string;
  cause: string;
  replacement: boolean;
}
