import { CloudWatchClient, DescribeAlarmsCommand, type StateValue } from '@aws-sdk/client-cloudwatch';
import type { ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import { chunk, collectPages } from './pages.js';
import type { Alarm, CloudWatch } from './types.js';

// DescribeAlarms takes at most 100 alarm names per call.
const NAMES_PER_CALL = 100;

/** A CloudWatch client configured the way odin needs it. */
export function createCloudWatchClient(config: ClientConfig): CloudWatchClient {
  return new CloudWatchClient(config);
}

/** odin's CloudWatch interface over the SDK client. */
export class CloudWatchAdapter implements CloudWatch {
  constructor(private readonly caller: ServiceCaller) {}

  async describeAlarms(names: string[]): Promise<Alarm[]> {
    const alarms: Alarm[] = [];
    for (const batch of chunk([...new Set(names)], NAMES_PER_CALL)) {
      alarms.push(...(await this.describeBatch(batch)));
    }
    return alarms;
  }

  private describeBatch(names: string[]): Promise<Alarm[]> {
    return collectPages(async (token) => {
      // Without AlarmTypes, CloudWatch leaves composite alarms out of the answer.
      const page = await this.caller.send(DescribeAlarmsCommand, {
        AlarmNames: names,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        NextToken: token,
      });
      const all = [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])];
      return { items: all.map((alarm) => toAlarm(alarm)), next: page.NextToken };
    });
  }
}

function toAlarm(alarm: { AlarmName?: string; StateValue?: StateValue; StateReason?: string }): Alarm {
  return {
    name: alarm.AlarmName ?? '',
    state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason,
  };
}
