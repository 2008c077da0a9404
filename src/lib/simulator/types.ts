/**
 * The local cloud's world, as plain JSON: everything here survives a round trip through
 * JSON.stringify so that the on-disk world and the in-memory one are the same thing. Times are
 * epoch milliseconds of simulated time.
 */

/** The services the local cloud answers for, named as `customizeClient` receives them. */
export type ServiceName =
  'autoscaling' | 'elbv2' | 'ec2' | 'route53' | 's3' | 'sts' | 'cloudwatch' | 'ssm' | 'iam';

/** Misbehaviour the local cloud can be asked to show; every random choice comes from the seeded source. */
export interface Faults {
  /** Fraction (0..1) of calls answered with the service's throttling error. */
  throttleRate: number;
  /** Fraction of calls answered with a 5xx, per operation (`DescribeTargetHealth` or `elbv2:DescribeTargetHealth`). */
  errorRates: Record<string, number>;
  /**
   * Fraction of calls, per operation as in `errorRates`, that are carried out and then answered
   * with a 5xx, as when AWS's answer is lost: the caller cannot tell the change was made.
   * Optional because worlds saved before it existed lack it.
   */
  lostResponseRates?: Record<string, number>;
  /** Simulated time every call takes before it is answered. */
  latencyMs: number;
  /** When set, instances die (stop answering health checks) about this long after they boot. */
  dieAfterMs?: number;
  /** Fraction of launched instances that die after `dieAfterMs` (1 = all of them). */
  dieRate: number;
  /**
   * Eventual consistency: for this long after creation, new Auto Scaling groups, launch templates,
   * launch template versions and newly registered targets are missing from Describe calls.
   */
  consistencyDelayMs: number;
}

/** Timings of the model; the defaults follow AWS's. */
export interface Timings {
  /** From launch to InService. */
  bootMs: number;
  /** From an accepted Route 53 change to INSYNC. */
  route53SyncMs: number;
  /** From a launch that failed to the Auto Scaling group's next attempt. */
  launchRetryMs: number;
  /** From Terminating to gone, for an instance that has no target group to drain from. */
  shutdownMs: number;
}

/** Tags as a plain record. */
export type Tagged = Record<string, string>;

/** An AMI. */
export interface ImageState {
  id: string;
  name: string;
  ownerId: string;
  createdAt: number;
  tags: Tagged;
  /** Instances of a bad image boot but never pass a health check. */
  bad: boolean;
  state: 'available' | 'deregistered';
}

/** A subnet; its Name tag is how manifests refer to it. */
export interface SubnetState {
  id: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  tags: Tagged;
}

/** A security group. */
export interface SecurityGroupState {
  id: string;
  groupName: string;
  vpcId: string;
  description: string;
  tags: Tagged;
}

/** One version of a launch template. */
export interface LaunchTemplateVersionState {
  number: number;
  description?: string;
  createdAt: number;
  /** Before this time, DescribeLaunchTemplateVersions does not show the version (eventual consistency). */
  visibleAt: number;
  /** The SDK's RequestLaunchTemplateData, kept as sent. */
  data: Record<string, unknown>;
}

/** A launch template with its versions. */
export interface LaunchTemplateState {
  id: string;
  name: string;
  createdAt: number;
  defaultVersion: number;
  latestVersion: number;
  tags: Tagged;
  versions: Record<string, LaunchTemplateVersionState>;
  /** Eventual consistency: DescribeLaunchTemplates lists it from then on (absent in older worlds). */
  visibleAt?: number;
}

/** The Auto Scaling lifecycle states the model uses (terminated instances are removed). */
export type LifecycleState = 'Pending' | 'InService' | 'Terminating';

/** An instance of an Auto Scaling group. */
export interface InstanceState {
  id: string;
  group: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  availabilityZone: string;
  launchTemplate: { id: string; name: string; version: string };
  lifecycleState: LifecycleState;
  healthStatus: 'Healthy' | 'Unhealthy';
  launchedAt: number;
  bootAt: number;
  /** Set when the instance has died (fault or kill): it no longer answers health checks. */
  diedAt?: number;
  /** The activity that launched it, completed when it boots. */
  activityId: string;
  /** The activity that is terminating it, completed when it is gone. */
  terminationActivityId?: string;
}

/** A scheduled update of a group's capacity. */
export interface ScheduledActionState {
  name: string;
  arn: string;
  startTime: number;
  min?: number;
  max?: number;
  desired?: number;
  recurrence?: string;
}

/** A scaling policy, stored as sent. */
export interface PolicyState {
  name: string;
  arn: string;
  type: string;
  /** The SDK's TargetTrackingConfiguration, kept as sent. */
  targetTracking?: Record<string, unknown>;
  alarms: Array<{ name: string; arn: string }>;
}

/** A scaling activity, as DescribeScalingActivities reports it. */
export interface ActivityState {
  id: string;
  description: string;
  cause: string;
  status: string;
  statusMessage?: string;
  startTime: number;
  endTime?: number;
  details: string;
}

/** An Auto Scaling group. */
export interface GroupState {
  name: string;
  arn: string;
  createdAt: number;
  /** Before this time, DescribeAutoScalingGroups does not list the group (eventual consistency). */
  visibleAt: number;
  launchTemplate?: { id: string; name: string; version: string };
  /** The SDK's MixedInstancesPolicy, kept as sent (with the template id and name filled in). */
  mixedInstancesPolicy?: Record<string, unknown>;
  instanceTypes: string[];
  min: number;
  max: number;
  desired: number;
  defaultCooldown: number;
  subnetIds: string[];
  targetGroupArns: string[];
  healthCheckType: 'EC2' | 'ELB';
  healthCheckGracePeriodSec: number;
  tags: Array<{ key: string; value: string; propagateAtLaunch: boolean }>;
  suspended: string[];
  /** Ids of the group's live instances, in launch order. */
  instances: string[];
  /** Most recent first, trimmed to keep the world small. */
  activities: ActivityState[];
  scheduledActions: Record<string, ScheduledActionState>;
  policies: Record<string, PolicyState>;
  deleting: boolean;
  /** A launch retry is scheduled; avoids piling up retries. */
  launchRetryAt?: number;
  launchCount: number;
}

/** Target states kept in the world (`unused` is derived when described). */
export type TargetStateName = 'initial' | 'healthy' | 'unhealthy' | 'draining';

/** A registered target of a target group. */
export interface TargetState {
  id: string;
  port: number;
  state: TargetStateName;
  reason?: string;
  description?: string;
  /** Bumped on every change, so that timers scheduled for an older state do nothing. */
  epoch: number;
  since: number;
  /** Eventual consistency: DescribeTargetHealth lists a newly registered target from then on. */
  visibleAt?: number;
}

/** An ELBv2 target group with its health check settings, attributes and targets. */
export interface TargetGroupState {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  healthCheckPath: string;
  intervalSec: number;
  timeoutSec: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  attributes: Record<string, string>;
  targets: Record<string, TargetState>;
}

/** An ELBv2 load balancer. */
export interface LoadBalancerState {
  arn: string;
  name: string;
  dnsName: string;
  canonicalHostedZoneId: string;
  type: 'application' | 'network';
  scheme: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  createdAt: number;
}

/** An ELBv2 action in the SDK's shape (Type, Order, TargetGroupArn, ForwardConfig, ...). */
export type ActionState = Record<string, unknown>;

/** A listener and its default actions. */
export interface ListenerState {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  defaultActions: ActionState[];
}

/** A non-default listener rule (the default rule is derived from the listener). */
export interface RuleState {
  arn: string;
  listenerArn: string;
  priority: string;
  /** The SDK's RuleCondition list, kept as sent. */
  conditions: Array<Record<string, unknown>>;
  actions: ActionState[];
}

/** A Route 53 record set. */
export interface RecordSetState {
  /** Lower case, ending with a dot. */
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  ttl?: number;
  values?: string[];
  alias?: { hostedZoneId: string; dnsName: string; evaluateTargetHealth: boolean };
}

/** A Route 53 hosted zone with its record sets. */
export interface HostedZoneState {
  id: string;
  /** Lower case, ending with a dot. */
  name: string;
  callerReference: string;
  records: RecordSetState[];
}

/** An accepted Route 53 change, INSYNC from `insyncAt`. */
export interface ChangeState {
  id: string;
  submittedAt: number;
  insyncAt: number;
  comment?: string;
}

/** An S3 object (text bodies only). */
export interface ObjectState {
  body: string;
  etag: string;
  lastModified: number;
}

/** An S3 bucket. */
export interface BucketState {
  name: string;
  createdAt: number;
  objects: Record<string, ObjectState>;
}

/** A CloudWatch alarm. */
export interface AlarmState {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason: string;
  updatedAt: number;
}

/** Something the model must do at a given time; kept in a binary heap ordered by (at, seq). */
export type TimerEvent =
  | { kind: 'boot'; instanceId: string }
  | { kind: 'target-check'; targetGroupArn: string; instanceId: string; epoch: number }
  | { kind: 'drained'; targetGroupArn: string; instanceId: string; epoch: number }
  | { kind: 'health-check'; instanceId: string }
  | { kind: 'terminated'; instanceId: string }
  | { kind: 'die'; instanceId: string }
  | { kind: 'launch-retry'; group: string }
  | { kind: 'scheduled-action'; group: string; action: string; startTime: number };

/** A scheduled event with its due time and a tie-breaking sequence number. */
export type Timer = TimerEvent & { at: number; seq: number };

/** The whole world of one local cloud. */
export interface WorldState {
  version: 1;
  account: string;
  callerArn: string;
  callerUserId: string;
  region: string;
  /** Simulated time up to which the model has been advanced. */
  now: number;
  /** Where simulated time started, with the wall-clock time it started at (for the on-disk world). */
  clock: { wall: number; simulated: number; speed: number };
  rng: number;
  seq: number;
  faults: Faults;
  timings: Timings;
  timers: Timer[];
  images: Record<string, ImageState>;
  subnets: Record<string, SubnetState>;
  securityGroups: Record<string, SecurityGroupState>;
  keyPairs: Record<string, { id: string; name: string; fingerprint: string }>;
  launchTemplates: Record<string, LaunchTemplateState>;
  instanceProfiles: Record<
    string,
    { name: string; id: string; arn: string; role: string; createdAt: number }
  >;
  parameters: Record<
    string,
    { value: string; type: string; dataType: string; version: number; lastModified: number }
  >;
  alarms: Record<string, AlarmState>;
  groups: Record<string, GroupState>;
  instances: Record<string, InstanceState>;
  targetGroups: Record<string, TargetGroupState>;
  loadBalancers: Record<string, LoadBalancerState>;
  listeners: Record<string, ListenerState>;
  rules: Record<string, RuleState>;
  hostedZones: Record<string, HostedZoneState>;
  changes: Record<string, ChangeState>;
  buckets: Record<string, BucketState>;
}
