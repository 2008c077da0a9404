import { createAws, type SdkAws } from '../../src/lib/aws/create-aws.js';
import { VirtualClock } from '../../src/lib/clock/virtual-clock.js';
import {
  createLocalCloud,
  type Faults,
  type LocalCloud,
  type Timings,
} from '../../src/lib/simulator/index.js';

/** What a domain test gets: a virtual clock, the seeded local cloud on it, and odin's real adapters over it. */
export interface LocalCloudFixture {
  clock: VirtualClock;
  cloud: LocalCloud;
  aws: SdkAws;
}

/**
 * The shared fixture for domain tests: the example world (see `seedExamples`), answered by the
 * local cloud through the same SDK adapters odin uses in production, on a virtual clock, so a
 * ten-minute deploy runs in well under a second.
 */
export function localCloudFixture(
  options: { seed?: number; faults?: Partial<Faults>; timings?: Partial<Timings>; start?: number } = {},
): LocalCloudFixture {
  const clock = new VirtualClock(options.start);
  const cloud = createLocalCloud({
    clock,
    seed: options.seed ?? 1,
    faults: options.faults,
    timings: options.timings,
  });
  cloud.seedExamples();
  const aws = createAws({ region: 'us-east-1', clock, customizeClient: cloud.customizeClient });
  return { clock, cloud, aws };
}
