import type { AutoScaling, CloudWatch, Ec2, Elbv2, Iam, Route53, S3, Ssm, Sts } from './types.js';

/** Lists every method of an interface; the compiler insists that none is missing or extra. */
export type MethodNames<T> = { readonly [K in keyof T]-?: true };

/**
 * An adapter whose methods load the real one on first call. The real adapter imports the SDK
 * client, which costs tens of milliseconds, so commands that never call a service never pay.
 * Methods are plain own properties, so tests can still replace or spy on them.
 */
export function lazyAdapter<T extends object>(methods: MethodNames<T>, load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const adapter = (): Promise<T> =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const lazy: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) {
    lazy[name] = async (...args: unknown[]) => {
      const real = (await adapter()) as Record<string, (...a: unknown[]) => Promise<unknown>>;
      return real[name]!(...args);
    };
  }
  return lazy as unknown as T;
}

/** The methods of each service interface in types.ts. */
export const ADAPTER_METHODS = {
  autoscaling: {
    describeGroups: true,
    findGroupsByTags: true,
    createGroup: true,
    updateCapacity: true,
    deleteGroup: true,
    attachTargetGroups: true,
    detachTargetGroups: true,
    describeActivities: true,
    setTags: true,
    putScheduledAction: true,
    describeScheduledActions: true,
    deleteScheduledAction: true,
    putScalingPolicy: true,
    describePolicies: true,
    deletePolicy: true,
    suspendProcesses: true,
    resumeProcesses: true,
    terminateInstance: true,
  } satisfies MethodNames<AutoScaling>,
  elbv2: {
    findTargetGroups: true,
    describeTargetHealth: true,
    getDeregistrationDelaySec: true,
    findLoadBalancers: true,
    describeListener: true,
    describeRule: true,
    setListenerWeights: true,
    setRuleWeights: true,
  } satisfies MethodNames<Elbv2>,
  ec2: {
    describeImages: true,
    describeSubnets: true,
    describeSecurityGroups: true,
    keyPairExists: true,
    findLaunchTemplate: true,
    createLaunchTemplate: true,
    createLaunchTemplateVersion: true,
    deleteLaunchTemplateVersions: true,
    deleteLaunchTemplate: true,
  } satisfies MethodNames<Ec2>,
  route53: {
    findHostedZone: true,
    listRecordSets: true,
    upsertRecordSets: true,
    getChangeStatus: true,
  } satisfies MethodNames<Route53>,
  s3: {
    bucketExists: true,
    getObject: true,
    putObject: true,
    deleteObject: true,
    listKeys: true,
  } satisfies MethodNames<S3>,
  sts: { getCallerIdentity: true } satisfies MethodNames<Sts>,
  cloudwatch: { describeAlarms: true } satisfies MethodNames<CloudWatch>,
  ssm: { getParameter: true } satisfies MethodNames<Ssm>,
  iam: { getInstanceProfile: true } satisfies MethodNames<Iam>,
};
