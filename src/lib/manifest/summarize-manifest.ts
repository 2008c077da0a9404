import { formatDuration } from './duration.js';
import { describeImage } from './image-override.js';
import type { Manifest, ScalingPolicy, Step, Traffic } from './types.js';

/** One labelled line of a manifest summary. */
export interface SummaryLine {
  label: string;
  value: string;
}

/** What `odin validate` shows of a resolved manifest; user data appears only as its path and size. */
export function summarizeManifest(manifest: Manifest, userDataBytes?: number): SummaryLine[] {
  const { instances, capacity, retain } = manifest;
  const lines: Array<[string, string]> = [
    ['service', manifest.project ? `${manifest.service} (project ${manifest.project})` : manifest.service],
    ['environment', `${manifest.environment}${manifest.production ? ' (production)' : ''}`],
    ['region', manifest.region],
    ['account', manifest.account],
    ['image', describeImage(manifest.image)],
    [
      'instances',
      `${instances.types.join(', ')} in ${instances.subnets.join(', ')}; security groups ${instances.securityGroups.join(', ')}`,
    ],
    ['capacity', `min ${capacity.min}, desired ${capacity.desired}, max ${capacity.max}`],
    ['health', describeHealth(manifest)],
    ['traffic', describeTraffic(manifest.traffic)],
    [
      'retain',
      `${retain.standbys} standby${retain.standbys === 1 ? '' : 's'}, warm for ${formatDuration(retain.warmForMs)}`,
    ],
    ['scaling', manifest.scaling.length === 0 ? 'none' : manifest.scaling.map(describePolicy).join('; ')],
    ['state', `s3://${manifest.state.bucket}/${manifest.state.prefix}`],
  ];
  if (instances.profile) lines.splice(6, 0, ['profile', instances.profile]);
  if (instances.userData)
    lines.push([
      'userData',
      `${instances.userData}${userDataBytes === undefined ? '' : ` (${userDataBytes} bytes)`}`,
    ]);
  const variables = describeVariables(manifest);
  if (variables) lines.push(['variables', variables]);
  for (const warning of literalSecretWarnings(manifest)) lines.push(['warning', warning]);
  return lines.map(([label, value]) => ({ label, value }));
}

/** `instances.variables` by name, secrets as `NAME (secret, from ssm:/path)`, never their values; '' when none. */
export function describeVariables(manifest: Manifest): string {
  return Object.entries(manifest.instances.variables ?? {})
    .map(([name, variable]) => {
      if ('ssm' in variable) return `${name} (secret, from ssm:${variable.ssm})`;
      return variable.secret ? `${name} (secret, in the manifest)` : `${name}=${variable.value}`;
    })
    .join(', ');
}

/** A warning per secret written in the manifest itself, where every reader of the repository sees it. */
export function literalSecretWarnings(manifest: Manifest): string[] {
  return Object.entries(manifest.instances.variables ?? {})
    .filter(([, variable]) => !('ssm' in variable) && variable.secret)
    .map(
      ([name]) =>
        `instances.variables.${name} is a secret written in the manifest; store it in SSM as a SecureString and write ${name}: {ssm: /path}`,
    );
}

function describeHealth(manifest: Manifest): string {
  const { health } = manifest;
  const where = health.targetGroups.length > 0 ? ` in ${health.targetGroups.join(', ')}` : '';
  const floor = health.floor === undefined ? '' : `, floor ${health.floor}`;
  return `${health.healthyPercent}% healthy${where} within ${formatDuration(health.timeoutMs)} (grace ${formatDuration(health.gracePeriodMs)})${floor}`;
}

/** One line for a traffic strategy and its steps. */
export function describeTraffic(traffic: Traffic): string {
  if (traffic.strategy === 'target-group') return 'target-group';
  const alarms = traffic.alarms.length > 0 ? `; alarms ${traffic.alarms.join(', ')}` : '';
  const steps = traffic.steps.map(describeStep).join(' → ');
  if (traffic.strategy === 'weighted') {
    const target = traffic.listener ? 'listener' : 'rule';
    const { blue, green } = traffic.targetGroups;
    return `weighted (${target}, ${blue}/${green}): ${steps}${alarms}`;
  }
  const wait = `ttl ${formatDuration(traffic.ttlMs)}${traffic.settleMs > 0 ? ` + settle ${formatDuration(traffic.settleMs)}` : ''}`;
  return `dns ${traffic.record} in ${traffic.zone} (${wait}): ${steps}${alarms}`;
}

function describeStep(step: Step): string {
  if ('pause' in step) return 'pause';
  return step.bakeMs > 0 ? `${step.weight}% (bake ${formatDuration(step.bakeMs)})` : `${step.weight}%`;
}

function describePolicy(policy: ScalingPolicy): string {
  const suffix = policy.disableScaleIn ? ' (scale out only)' : '';
  if (policy.kind === 'cpu') return `cpu ${policy.target}%${suffix}`;
  if (policy.kind === 'requests-per-target') return `${policy.target} requests per target${suffix}`;
  return `${policy.namespace}/${policy.metric} ${policy.statistic} at ${policy.target}${suffix}`;
}
