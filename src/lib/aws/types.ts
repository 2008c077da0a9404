/**
 * The narrow, domain-shaped interfaces odin uses to talk to AWS: one per service, listing only
 * the calls odin makes. Domain code depends on these; the SDK-backed adapters implement them
 * (and the local cloud sits behind the SDK clients, so the same adapters run against it).
 * Times are epoch milliseconds; durations are seconds where AWS uses seconds.
 */

export type Tags = Record<string, string>;

// ---------------------------------------------------------------- Auto Scaling

export interface GroupInstance {
  id: string;
  /** Pending, InService, Terminating, Terminated, Detaching, ... as AWS reports it. */
  lifecycleState: string;
  healthStatus: 'Healthy' | 'Unhealthy';
  availabilityZone?: string;
  launchTemplateVersion?: string;
}

export interface Group {
  name: string;
  arn?: string;
  launchTemplate?: { id: string; name?: string; version: string };
  min: number;
  max: number;
  desired: number;
  instances: GroupInstance[];
  targetGroupArns: string[];
  healthCheckType: 'EC2' | 'ELB';
  healthCheckGracePeriodSec: number;
  subnetIds: string[];
  tags: Tags;
  createdAt: number;
  /** Set by AWS while a delete is in progress, e.g. "Delete in progress". */
  status?: string;
  suspendedProcesses: string[];
}

export interface CreateGroupSpec {
  name: string;
  launchTemplate: { id: string; version: string };
  /** With more than one type, a mixed instances policy overrides the template's type. */
  instanceTypes?: string[];
  min: number;
  max: number;
  desired: number;
  subnetIds: string[];
  targetGroupArns: string[];
  healthCheckType: 'EC2' | 'ELB';
  healthCheckGracePeriodSec: number;
  tags: Tags;
}

export interface ScalingActivity {
  id: string;
  groupName: string;
  /** Successful, Failed, Cancelled, InProgress, PreInService, ... */
  status: string;
  description: string;
  cause: string;
  statusMessage?: string;
  startTime: number;
  endTime?: number;
}

export interface ScheduledAction {
  groupName: string;
  name: string;
  at: number;
  min?: number;
  max?: number;
  desired?: number;
}

export type PredefinedMetric = 'ASGAverageCPUUtilization' | 'ALBRequestCountPerTarget';

export interface ScalingPolicySpec {
  name: string;
  targetValue: number;
  disableScaleIn?: boolean;
  /** ALBRequestCountPerTarget needs a resource label: `app/<lb>/<id>/targetgroup/<tg>/<id>`. */
  predefined?: { metric: PredefinedMetric; resourceLabel?: string };
  custom?: {
    namespace: string;
    metricName: string;
    statistic: 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';
    dimensions?: Array<{ name: string; value: string }>;
    unit?: string;
  };
}

export interface ScalingPolicy extends ScalingPolicySpec {
  arn: string;
  groupName: string;
}

export interface CapacityChange {
  min?: number;
  max?: number;
  desired?: number;
}

export interface AutoScaling {
  /** Describes the named groups, batching names 50 per call; unknown names are simply absent. */
  describeGroups(names: string[]): Promise<Group[]>;
  /** Every group carrying all the given tags (tag filters, paginated to the end). */
  findGroupsByTags(tags: Tags): Promise<Group[]>;
  createGroup(spec: CreateGroupSpec): Promise<void>;
  updateCapacity(name: string, change: CapacityChange): Promise<void>;
  /** Deletes a group. `force` terminates its instances too (only for groups with no registered targets). */
  deleteGroup(name: string, options?: { force?: boolean }): Promise<void>;
  attachTargetGroups(name: string, targetGroupArns: string[]): Promise<void>;
  detachTargetGroups(name: string, targetGroupArns: string[]): Promise<void>;
  /** Most recent first. */
  describeActivities(name: string, options?: { max?: number }): Promise<ScalingActivity[]>;
  setTags(name: string, tags: Tags): Promise<void>;
  putScheduledAction(action: ScheduledAction): Promise<void>;
  describeScheduledActions(groupName: string): Promise<ScheduledAction[]>;
  deleteScheduledAction(groupName: string, actionName: string): Promise<void>;
  putScalingPolicy(groupName: string, policy: ScalingPolicySpec): Promise<void>;
  describePolicies(groupName: string): Promise<ScalingPolicy[]>;
  deletePolicy(groupName: string, policyName: string): Promise<void>;
  suspendProcesses(groupName: string, processes: string[]): Promise<void>;
  resumeProcesses(groupName: string, processes: string[]): Promise<void>;
  terminateInstance(instanceId: string, options: { decrementDesired: boolean }): Promise<void>;
}

// ---------------------------------------------------------------- ELBv2

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealth {
  id: string;
  port?: number;
  state: TargetState;
  reason?: string;
  description?: string;
}

export interface TargetGroup {
  arn: string;
  name: string;
  port?: number;
  protocol?: string;
  vpcId?: string;
  loadBalancerArns: string[];
  healthCheck: { intervalSec: number; healthyThreshold: number; unhealthyThreshold: number; path?: string };
}

export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  /** The zone id to use in a Route 53 alias to this load balancer. */
  canonicalHostedZoneId: string;
  type: string;
}

export interface WeightedTarget {
  targetGroupArn: string;
  weight: number;
}

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port?: number;
  protocol?: string;
  /** The default action's forward targets (a plain forward is one target at weight 1). */
  forward: WeightedTarget[];
}

export interface Rule {
  arn: string;
  listenerArn?: string;
  priority: string;
  isDefault: boolean;
  forward: WeightedTarget[];
}

export interface Elbv2 {
  /** Looks target groups up by name or ARN (each entry may be either); missing ones are absent. */
  findTargetGroups(namesOrArns: string[]): Promise<TargetGroup[]>;
  describeTargetHealth(targetGroupArn: string): Promise<TargetHealth[]>;
  /** The `deregistration_delay.timeout_seconds` attribute, as AWS reports it now. */
  getDeregistrationDelaySec(targetGroupArn: string): Promise<number>;
  findLoadBalancers(namesOrArns: string[]): Promise<LoadBalancer[]>;
  describeListener(listenerArn: string): Promise<Listener | undefined>;
  describeRule(ruleArn: string): Promise<Rule | undefined>;
  /** Replaces the listener's default action with a weighted forward. */
  setListenerWeights(listenerArn: string, targets: WeightedTarget[]): Promise<void>;
  /** Replaces the rule's actions with a weighted forward. */
  setRuleWeights(ruleArn: string, targets: WeightedTarget[]): Promise<void>;
}

// ---------------------------------------------------------------- EC2

export interface Image {
  id: string;
  name: string;
  state: string;
  ownerId: string;
  createdAt: number;
  tags: Tags;
}

export interface ImageQuery {
  ids?: string[];
  owners?: string[];
  /** Wildcard pattern on the image name, e.g. `checkout-*`. */
  namePattern?: string;
  tags?: Tags;
}

export interface Subnet {
  id: string;
  vpcId: string;
  availabilityZone: string;
  name?: string;
}

export interface SecurityGroup {
  id: string;
  vpcId: string;
  groupName: string;
  name?: string;
}

export interface LaunchTemplateData {
  imageId: string;
  instanceType?: string;
  instanceProfileName?: string;
  securityGroupIds: string[];
  keyName?: string;
  /** Base64, as EC2 wants it. Never logged. */
  userData?: string;
  rootVolume?: { deviceName: string; sizeGiB: number; type: string; encrypted: boolean };
  /** Tags applied to instances and volumes launched from this version. */
  instanceTags: Tags;
}

export interface LaunchTemplate {
  id: string;
  name: string;
  latestVersion: number;
  defaultVersion: number;
  tags: Tags;
}

export interface Ec2 {
  describeImages(query: ImageQuery): Promise<Image[]>;
  /** By id, or by `Name` tag; every subnet matching any id or name. */
  describeSubnets(query: { ids?: string[]; names?: string[] }): Promise<Subnet[]>;
  /** By id, or by `Name` tag or group name. */
  describeSecurityGroups(query: { ids?: string[]; names?: string[] }): Promise<SecurityGroup[]>;
  keyPairExists(name: string): Promise<boolean>;
  findLaunchTemplate(name: string): Promise<LaunchTemplate | undefined>;
  createLaunchTemplate(
    name: string,
    data: LaunchTemplateData,
    tags: Tags,
  ): Promise<{ id: string; version: number }>;
  createLaunchTemplateVersion(
    templateId: string,
    data: LaunchTemplateData,
    description?: string,
  ): Promise<{ version: number }>;
  deleteLaunchTemplateVersions(templateId: string, versions: number[]): Promise<void>;
  deleteLaunchTemplate(templateId: string): Promise<void>;
}

// ---------------------------------------------------------------- Route 53

export interface RecordSet {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  ttl?: number;
  values?: string[];
  alias?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean };
}

export interface HostedZone {
  id: string;
  name: string;
}

export interface Route53 {
  /** By id (`Z123...`) or by domain name. */
  findHostedZone(idOrName: string): Promise<HostedZone | undefined>;
  /** Every record set named `name` (all types when `type` is omitted), paginated to the end. */
  listRecordSets(zoneId: string, name: string, type?: string): Promise<RecordSet[]>;
  /** UPSERTs exactly these record sets; returns the change id to poll. */
  upsertRecordSets(zoneId: string, records: RecordSet[], comment: string): Promise<string>;
  getChangeStatus(changeId: string): Promise<'PENDING' | 'INSYNC'>;
}

// ---------------------------------------------------------------- S3

export interface StoredObject {
  body: string;
  etag: string;
  lastModified: number;
}

/** A write condition, as S3 conditional writes express it. */
export interface WriteCondition {
  /** Create only: fail with PreconditionFailedError if the key exists. */
  ifNoneMatch?: '*';
  /** Replace only if the current ETag is this one. */
  ifMatch?: string;
}

export interface S3 {
  bucketExists(bucket: string): Promise<boolean>;
  getObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Throws PreconditionFailedError when the condition does not hold. */
  putObject(bucket: string, key: string, body: string, condition?: WriteCondition): Promise<{ etag: string }>;
  /** Throws PreconditionFailedError when `ifMatch` does not hold. */
  deleteObject(bucket: string, key: string, condition?: { ifMatch?: string }): Promise<void>;
  /** Every key under the prefix, paginated to the end. */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
}

// ---------------------------------------------------------------- STS, CloudWatch, SSM, IAM

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface Sts {
  getCallerIdentity(): Promise<CallerIdentity>;
}

export interface Alarm {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason?: string;
}

export interface CloudWatch {
  describeAlarms(names: string[]): Promise<Alarm[]>;
}

export interface Ssm {
  /**
   * The parameter's value, or undefined when it does not exist. `decrypt` reads a SecureString's
   * plaintext (WithDecryption), which needs kms:Decrypt on a customer-managed key.
   */
  getParameter(name: string, options?: { decrypt?: boolean }): Promise<string | undefined>;
}

export interface Iam {
  /** The instance profile's ARN, or undefined when it does not exist. */
  getInstanceProfile(name: string): Promise<{ name: string; arn: string } | undefined>;
}

// ---------------------------------------------------------------- All together

export interface AwsCallStats {
  /** Requests sent, including retries. */
  calls: number;
  throttled: number;
  retried: number;
  byOperation: Record<string, number>;
}

/** Every adapter odin uses, for one account and region. */
export interface Aws {
  region: string;
  autoScaling: AutoScaling;
  elbv2: Elbv2;
  ec2: Ec2;
  route53: Route53;
  s3: S3;
  sts: Sts;
  cloudWatch: CloudWatch;
  ssm: Ssm;
  iam: Iam;
  /** Counts since this Aws was created. */
  stats(): AwsCallStats;
}
