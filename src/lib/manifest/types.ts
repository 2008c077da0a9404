/**
 * The manifest after parsing, environment overlay and normalisation: what the rest of odin
 * reads. Durations are milliseconds; names-or-ids are kept as written and resolved against AWS
 * later (src/lib/resolve). The schema in schema.ts must produce exactly this shape.
 */
import type { SecretText } from './secret-text.js';

export type ImageSource =
  | { id: string }
  | { lookup: { name: string; owner?: string } }
  | { lookup: { tags: Record<string, string>; owner?: string } }
  | { ssm: string };

/**
 * A value substituted into the user data as `${NAME}`. A secret literal is held as SecretText, so
 * it reads as `[secret]` wherever the manifest is written out (release records, `--json`); an SSM
 * value is read at deploy time (src/lib/resolve) and is always secret.
 */
export type Variable =
  { value: string; secret: false } | { value: SecretText; secret: true } | { ssm: string; secret: true };

export interface RootVolume {
  /** GiB */
  size: number;
  type: 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';
  encrypted: boolean;
  /** Defaults to /dev/xvda. */
  device: string;
}

export interface Instances {
  /** One or more instance types; more than one makes a mixed instances policy. */
  types: string[];
  profile?: string;
  /** Ids (sg-...) or Name tags. */
  securityGroups: string[];
  /** Ids (subnet-...) or Name tags. */
  subnets: string[];
  keyPair?: string;
  rootVolume?: RootVolume;
  tags: Record<string, string>;
  /** Path of the user-data file, relative to the manifest. Never printed. */
  userData?: string;
  /** Values for `${NAME}` in the user data, besides odin's own `${ODIN_*}`. */
  variables?: Record<string, Variable>;
}

export interface Capacity {
  min: number;
  max: number;
  /** Desired on the first deploy; later deploys carry the live fleet's desired over. */
  desired: number;
}

export interface Health {
  /** Names or ARNs of the target groups that gate health (target-group strategy). */
  targetGroups: string[];
  /** Percent of desired instances that must be healthy in every gating target group. */
  healthyPercent: number;
  gracePeriodMs: number;
  timeoutMs: number;
  /** Healthy serving capacity may never drop below this many instances (default: min, at least 1). */
  floor?: number;
}

export type Step = { weight: number; bakeMs: number } | { pause: true };

export interface TargetGroupTraffic {
  strategy: 'target-group';
}

export interface WeightedTraffic {
  strategy: 'weighted';
  /** Exactly one of listener/rule: ARN of the listener (default action) or of the rule to weight. */
  listener?: string;
  rule?: string;
  /** The blue/green pair; names or ARNs. */
  targetGroups: { blue: string; green: string };
  steps: Step[];
  /** CloudWatch alarm names that abort the deploy when in ALARM. */
  alarms: string[];
}

export interface DnsSlot {
  /** Target group (name or ARN) the slot's fleet registers with. */
  targetGroup: string;
  /** Load balancer (name or ARN) that the slot's weighted record aliases. */
  loadBalancer: string;
}

export interface DnsTraffic {
  strategy: 'dns';
  /** Hosted zone id or domain name. */
  zone: string;
  /** Record name, e.g. api.example.com. */
  record: string;
  /** How long resolvers may cache an answer; odin waits max(this, 60 s alias TTL) after INSYNC. */
  ttlMs: number;
  /** Extra wait after INSYNC + TTL. */
  settleMs: number;
  slots: { blue: DnsSlot; green: DnsSlot };
  steps: Step[];
  alarms: string[];
}

export type Traffic = TargetGroupTraffic | WeightedTraffic | DnsTraffic;

export interface Retain {
  /** Previous fleets kept (the newest warm, the rest scaled to zero). 0 deletes them. */
  standbys: number;
  /** How long the previous fleet stays warm (running, detached) before it is scaled to zero. */
  warmForMs: number;
}

export type ScalingPolicy =
  | { kind: 'cpu'; target: number; disableScaleIn: boolean }
  | { kind: 'requests-per-target'; target: number; disableScaleIn: boolean }
  | {
      kind: 'metric';
      target: number;
      disableScaleIn: boolean;
      namespace: string;
      metric: string;
      statistic: 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';
      dimensions: Record<string, string>;
      unit?: string;
    };

export interface StateStore {
  bucket: string;
  /** Key prefix; ends with '/' or is empty. */
  prefix: string;
}

export interface Manifest {
  /** Absolute path of the file this was read from. */
  file: string;
  service: string;
  project?: string;
  /** The environment this manifest was resolved for; 'default' when the file has no overlay applied. */
  environment: string;
  /** Production environments ask for confirmation (or `--yes`). */
  production: boolean;
  region: string;
  /** The 12-digit AWS account odin must refuse to act outside of. */
  account: string;
  image: ImageSource;
  instances: Instances;
  capacity: Capacity;
  health: Health;
  traffic: Traffic;
  retain: Retain;
  scaling: ScalingPolicy[];
  state: StateStore;
}
