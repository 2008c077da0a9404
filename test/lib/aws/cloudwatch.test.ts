import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../../helpers/aws-mock.js';

describe('CloudWatch adapter', () => {
  it('describes metric and composite alarms, 100 names per call', async () => {
    const { aws, mocks } = mockedAws();
    mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
      MetricAlarms: (input.AlarmNames ?? []).slice(1).map((name) => ({ AlarmName: name, StateValue: 'OK' })),
      CompositeAlarms: (input.AlarmNames ?? [])
        .slice(0, 1)
        .map((name) => ({ AlarmName: name, StateValue: 'ALARM', StateReason: 'child in alarm' })),
    }));
    const names = Array.from({ length: 150 }, (_, i) => `alarm-${i}`);

    const alarms = await aws.cloudWatch.describeAlarms(names);

    const inputs = mocks.cloudwatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.AlarmNames?.length)).toEqual([100, 50]);
    expect(inputs[0]?.AlarmTypes).toEqual(['MetricAlarm', 'CompositeAlarm']);
    expect(alarms).toHaveLength(150);
    expect(alarms.find((a) => a.name === 'alarm-0')).toEqual({
      name: 'alarm-0',
      state: 'ALARM',
      reason: 'child in alarm',
    });
  });
});
