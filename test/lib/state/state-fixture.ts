import type { OdinEvent } from '../../../src/lib/events/event.js';
import type { StateContext } from '../../../src/lib/state/state-context.js';
import { localCloudFixture } from '../../helpers/local-cloud.js';

/** A state context for `demo-web/staging` on a seeded local cloud, recording every event. */
export async function stateFixture() {
  const { clock, cloud, aws } = await localCloudFixture();
  const events: OdinEvent[] = [];
  const ctx: StateContext = {
    aws,
    clock,
    store: { bucket: 'odin-state-123456789012', prefix: 'odin/' },
    service: 'demo-web',
    environment: 'staging',
    sink: (event) => events.push(event),
  };
  const logs = (level: string) =>
    events.filter((e): e is Extract<OdinEvent, { type: 'log' }> => e.type === 'log' && e.level === level);
  return { clock, cloud, aws, ctx, events, logs };
}

/** A lease request as a given person on a given host would make it. */
export function requestBy(user: string, host = `${user}-laptop`) {
  return {
    command: 'odin deploy',
    callerArn: `arn:aws:iam::123456789012:user/${user}`,
    host,
    pid: 1000,
    env: {},
  };
}
