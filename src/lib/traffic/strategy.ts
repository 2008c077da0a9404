import type { Aws } from '../aws/types.js';
import type { Clock } from '../clock/clock.js';
import type { Reporter } from '../events/reporter.js';
import type { Manifest, StateStore, Traffic } from '../manifest/types.js';

/**
 * A cutover strategy: how a new fleet is placed next to the live one, how traffic moves to it
 * and back, and what retiring a fleet means. The lifecycle in src/lib/deploy only talks to this
 * interface, so a strategy is one file plus one line in the registry (./index.ts).
 *
 * Safety contract every implementation keeps (PRODUCT.md invariants 1–3):
 * - `cutover` returns only after READING BACK that traffic is on the new fleet; it throws
 *   (leaving the lifecycle to call `restore`) if that cannot be verified in time.
 * - `restore` returns only after reading back that traffic is on `from` again.
 * - every wait polls on `ctx.clock` every `ctx.pollMs` and calls `ctx.checkpoint()` at each
 *   poll, so a halt, a lost lease or an abort stops it within one poll interval.
 * - every method is idempotent: a resumed or recovering deploy may call it again after a crash.
 */
export interface TrafficStrategy {
  readonly name: Traffic['strategy'];
  /** Which target groups a new fleet is created attached to (and its slot), given the live fleet. */
  placementFor(live?: FleetRef): Placement;
  /** Target groups in which the new fleet must be healthy before any cutover. */
  gatingTargetGroups(placement: Placement): string[];
  /** Moves traffic from `from` (absent on a first deploy) to `to`, with any steps, bakes and pauses; verified. */
  cutover(ctx: TrafficContext, move: { from?: FleetRef; to: FleetRef }): Promise<TrafficSplit>;
  /** Puts all traffic back on `from` and stops new traffic to `to`; verified by read-back. */
  restore(ctx: TrafficContext, move: { from: FleetRef; to: FleetRef }): Promise<TrafficSplit>;
  /**
   * Detaches a fleet that no longer takes traffic and waits until it has drained, or with
   * `{ wait: false }` returns at once while it drains. Resolves to the deregistration delay in
   * seconds: how long the fleet must keep running after the detach.
   */
  retireFrom(ctx: TrafficContext, fleet: FleetRef, options?: RetireOptions): Promise<number>;
  /** The current traffic split, read from AWS (for status and for read-back). */
  split(ctx: TrafficContext, fleets: FleetRef[]): Promise<TrafficSplit>;
  /** What `cutover` and `retireFrom` would change, for `odin plan`; no AWS calls. */
  plannedChanges(input: { live?: FleetRef; next: FleetRef }): PlannedChange[];
  /** What a person does by hand to do `restore` when odin could not: exact resources and values; no AWS calls. */
  manualRestoreSteps(move: { from: FleetRef; to: FleetRef }): string[];
  /** What a person does by hand to do `retireFrom` (detach and drain) when odin could not; no AWS calls. */
  manualRetireSteps(fleet: FleetRef): string[];
}

/** Builds a strategy for one manifest, with the ARNs resolved before anything changed. */
export type StrategyFactory = (manifest: Manifest, refs: ResolvedRefs) => TrafficStrategy;

/** AWS ids of what the manifest's traffic section names, resolved up front (invariant 6). */
export interface ResolvedRefs {
  /** Target group ARN for each target group named in the manifest, keyed as written (name or ARN). */
  targetGroups: Record<string, string>;
  /** Load balancer ARN for each load balancer named in the manifest, keyed as written. */
  loadBalancers: Record<string, string>;
  /** Route 53 hosted zone id (dns strategy). */
  zoneId?: string;
}

/** How `retireFrom` treats the drain. */
export interface RetireOptions {
  /** Wait for the drain (default), or leave the fleet running while it drains on its own. */
  wait?: boolean;
}

/** A fleet as the strategies see it. */
export interface FleetRef {
  /** Auto Scaling group name. */
  name: string;
  /** Slot for strategies that alternate between two (`blue` | `green`); recorded in the `odin:slot` tag. */
  slot?: string;
  /** Target groups the group is attached to (as last described). */
  targetGroupArns: string[];
}

/** Where a new fleet goes. */
export interface Placement {
  /** Target groups the new Auto Scaling group is created attached to. */
  targetGroupArns: string[];
  slot?: string;
}

/** Share of traffic per fleet, as read back from AWS. */
export interface TrafficSplit {
  entries: TrafficShare[];
  /** One line for people: "100% on checkout-prod-r7 (demo-web)". */
  summary: string;
}

/** One fleet's share of traffic. */
export interface TrafficShare {
  fleet?: string;
  slot?: string;
  targetGroupArn?: string;
  /** Percent of traffic, 0–100. */
  percent: number;
}

/** One AWS change a deploy would make; `odin plan` lists these. */
export interface PlannedChange {
  /** Short verb-first action, e.g. "attach", "set-weights", "detach", "wait-drain". */
  action: string;
  /** The AWS resource affected (name or ARN). */
  resource: string;
  /** Human detail: "demo-green weight 0 → 10 → 50 → 100, bake 2m each". */
  detail: string;
}

/** What a strategy needs at run time. */
export interface TrafficContext {
  aws: Aws;
  clock: Clock;
  reporter: Reporter;
  /** Aborted on SIGINT/SIGTERM; every wait must stop when it fires. */
  signal?: AbortSignal;
  manifest: Manifest;
  /** Where odin keeps state for this service (markers such as promote/halt live under it). */
  store: StateStore;
  releaseId: string;
  /** Interval between polls of any wait (bake, drain, read-back, DNS sync). */
  pollMs: number;
  /** How long a read-back verification may take before it counts as failed. */
  verifyTimeoutMs: number;
  /** Called at every poll of a wait; throws when the deploy must stop (halt, lease lost, abort). */
  checkpoint(): Promise<void>;
  /** Progress step id to report under (e.g. `cutover`, `retire`, `undo`). */
  step: string;
  /** Go straight past `pause` steps instead of waiting for `odin promote` (`odin deploy --auto`). */
  autoPromote?: boolean;
}
