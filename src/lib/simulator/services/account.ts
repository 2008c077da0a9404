import type { DescribeAlarmsCommandInput, DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { GetInstanceProfileCommandInput, GetInstanceProfileCommandOutput } from '@aws-sdk/client-iam';
import type { GetParameterCommandInput, GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';

import { createHash } from 'node:crypto';

import { AwsFault } from '../aws-fault.js';
import type { World } from '../world.js';
import { date, page, type Handler } from './shapes.js';

type Out<T> = Omit<T, '$metadata'>;

function getCallerIdentity(world: World): Out<GetCallerIdentityCommandOutput> {
  return { UserId: world.state.callerUserId, Account: world.state.account, Arn: world.state.callerArn };
}

function getInstanceProfile(
  world: World,
  input: GetInstanceProfileCommandInput,
): Out<GetInstanceProfileCommandOutput> {
  const profile = world.state.instanceProfiles[input.InstanceProfileName ?? ''];
  if (!profile)
    throw new AwsFault('NoSuchEntity', `Instance Profile ${input.InstanceProfileName} cannot be found.`, 404);
  const account = world.state.account;
  const role = {
    Path: '/',
    RoleName: profile.role,
    RoleId: 'AROASIMULATEDROLE0001',
    Arn: `arn:aws:iam::${account}:role/${profile.role}`,
    CreateDate: date(profile.createdAt),
  };
  return {
    InstanceProfile: {
      Path: '/',
      InstanceProfileName: profile.name,
      InstanceProfileId: profile.id,
      Arn: profile.arn,
      CreateDate: date(profile.createdAt),
      Roles: [role],
    },
  };
}

function getParameter(world: World, input: GetParameterCommandInput): Out<GetParameterCommandOutput> {
  const name = input.Name ?? '';
  const parameter = world.state.parameters[name];
  if (!parameter) throw new AwsFault('ParameterNotFound', '', 400);
  return {
    Parameter: {
      Name: name,
      Type: parameter.type as 'String' | 'SecureString',
      Value:
        parameter.type === 'SecureString' && !input.WithDecryption
          ? ciphertext(parameter.value)
          : parameter.value,
      Version: parameter.version,
      LastModifiedDate: date(parameter.lastModified),
      ARN: `arn:aws:ssm:${world.state.region}:${world.state.account}:parameter/${name.replace(/^\//, '')}`,
      DataType: parameter.dataType,
    },
  };
}

// Without WithDecryption AWS returns a SecureString's KMS ciphertext: opaque, and never the value
// in any encoding (a digest rather than the value's base64, which would carry it).
function ciphertext(value: string): string {
  return `AQICAH${createHash('sha256').update(value).digest('base64')}`;
}

function describeAlarms(world: World, input: DescribeAlarmsCommandInput): Out<DescribeAlarmsCommandOutput> {
  const names = input.AlarmNames;
  const all = Object.values(world.state.alarms)
    .filter((a) => !names || names.length === 0 || names.includes(a.name))
    .filter((a) => !input.AlarmNamePrefix || a.name.startsWith(input.AlarmNamePrefix))
    .filter((a) => !input.StateValue || a.state === input.StateValue)
    .sort((a, b) => a.name.localeCompare(b.name));
  const { items, next } = page(all, input.NextToken, Math.min(input.MaxRecords ?? 50, 100));
  const region = world.state.region;
  const MetricAlarms = items.map((alarm) => ({
    AlarmName: alarm.name,
    AlarmArn: `arn:aws:cloudwatch:${region}:${world.state.account}:alarm:${alarm.name}`,
    StateValue: alarm.state,
    StateReason: alarm.reason,
    StateUpdatedTimestamp: date(alarm.updatedAt),
    ActionsEnabled: true,
    MetricName: 'HTTPCode_Target_5XX_Count',
    Namespace: 'AWS/ApplicationELB',
    Statistic: 'Sum' as const,
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 10,
    ComparisonOperator: 'GreaterThanThreshold' as const,
  }));
  return { MetricAlarms, CompositeAlarms: [], NextToken: next };
}

/** STS: who the caller is. */
export const stsHandlers: Record<string, Handler> = { GetCallerIdentity: getCallerIdentity };
/** IAM: instance profiles. */
export const iamHandlers: Record<string, Handler> = { GetInstanceProfile: getInstanceProfile };
/** SSM: parameters (AMI ids, and SecureStrings read WithDecryption). */
export const ssmHandlers: Record<string, Handler> = { GetParameter: getParameter };
/** CloudWatch: alarms. */
export const cloudwatchHandlers: Record<string, Handler> = { DescribeAlarms: describeAlarms };
