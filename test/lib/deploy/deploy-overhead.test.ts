import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/index.js';
import { DEFAULT_POLL_MS } from '../../../src/lib/deploy/deploy-types.js';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { DEFAULT_TIMINGS } from '../../../src/lib/simulator/index.js';
import { deployFixture, type DeployFixture } from './support.js';

/** The fixture at `size` instances, without user data (reading it is real I/O, which moves the virtual clock). */
async function fleetOf(size: number): Promise<DeployFixture> {
  const f = await deployFixture();
  f.manifest.instances = { ...f.manifest.instances, userData: undefined };
  f.manifest.capacity = { min: size, max: size, desired: size };
  return f;
}

/** Boot, then the demo target group's interval × healthy threshold, then its deregistration delay. */
async function criticalPathMs(f: DeployFixture): Promise<number> {
  const [tg] = await f.aws.elbv2.findTargetGroups(['demo-web']);
  if (!tg) throw new Error('the demo target group is missing');
  const drainSec = await f.aws.elbv2.getDeregistrationDelaySec(tg.arn);
  const checksMs = tg.healthCheck.intervalSec * tg.healthCheck.healthyThreshold * 1000;
  return DEFAULT_TIMINGS.bootMs + checksMs + drainSec * 1000;
}

/** A second deploy over the live fleet with every AWS call taking 100 ms: its duration and health polls. */
async function slowDeploy(f: DeployFixture): Promise<{ ms: number; polls: number; pollCalls: number }> {
  await deploy(f.ctx(), f.request());
  f.cloud.setFaults({ latencyMs: 100 });
  let polls = 0;
  let waiting = false;
  let pollCalls = 0;
  const stop = f.cloud.onCall(() => void (waiting && pollCalls++));
  const sink = (e: OdinEvent) => {
    if (!('step' in e) || e.step !== 'wait-healthy') return;
    if (e.type === 'step.start') waiting = true;
    if (e.type === 'step.progress') polls++;
    if (e.type === 'step.done') waiting = false;
  };
  const started = f.clock.now();
  await deploy({ ...f.ctx(), sink }, f.request());
  stop();
  return { ms: f.clock.now() - started, polls, pollCalls };
}

describe('a deploy over a live fleet whose every AWS call takes 100 ms', () => {
  it.each([2, 20])(
    'ends within one poll interval of boot, health checks and drain (%i instances)',
    async (size) => {
      const f = await fleetOf(size);
      const { ms } = await slowDeploy(f);
      const overhead = ms - (await criticalPathMs(f));
      expect(overhead).toBeGreaterThan(0);
      expect(overhead).toBeLessThanOrEqual(DEFAULT_POLL_MS);
    },
  );

  it('costs the same calls per health poll whatever the fleet size', async () => {
    const small = await slowDeploy(await fleetOf(2));
    const large = await slowDeploy(await fleetOf(20));
    expect(large.polls).toBe(small.polls);
    expect(large.pollCalls).toBe(small.pollCalls);
    expect(small.pollCalls / small.polls).toBeLessThanOrEqual(3);
  });
});
