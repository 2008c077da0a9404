import { join } from 'node:path';

import type { CreateAwsOptions, SdkAws } from '../lib/aws/create-aws.js';
import type { Aws } from '../lib/aws/types.js';
import type { Clock } from '../lib/clock/clock.js';
import { RealClock } from '../lib/clock/real-clock.js';
import type { Manifest } from '../lib/manifest/types.js';
import { countAwsCalls } from './aws-call-count.js';
import type { GlobalFlags } from './global-flags.js';

/** What an AWS-using command runs against: real AWS, or the local cloud with `--simulate`. */
export interface CommandContext {
  aws: Aws;
  clock: Clock;
  simulated: boolean;
  /** Closes idle connections and releases the local cloud; call it in `finally`. */
  close(): Promise<void>;
}

interface LocalCloudSession {
  clock: Clock;
  customizeClient: NonNullable<CreateAwsOptions['customizeClient']>;
  /** Seeded from the world, so that retry jitter, and so a simulated run, repeats. */
  random?: () => number;
  close?(): Promise<void>;
}

interface SimulatorModule {
  openLocalCloud(options: { dir: string; speed?: number }): Promise<LocalCloudSession>;
}

// Read through a variable so the type check does not depend on the simulator's index existing;
// the shape above is the contract (openLocalCloud → clock, customizeClient, close).
const SIMULATOR_MODULE = '../lib/simulator/index.js';

/**
 * Opens AWS (or the local cloud under `--simulate`) for a command; the flag's region wins over
 * the manifest's. The SDK is imported here, on demand, so that commands which never call AWS
 * (validate, schema, --help) do not pay for it at start-up.
 */
export async function createCommandContext(
  flags: Pick<GlobalFlags, 'region' | 'profile' | 'simulate'>,
  manifest: Pick<Manifest, 'region'>,
): Promise<CommandContext> {
  const region = flags.region ?? manifest.region;
  const { createAws } = await import('../lib/aws/create-aws.js');
  if (!flags.simulate) {
    const clock = new RealClock();
    const aws = createAws({ region, profile: flags.profile, clock });
    countAwsCalls(aws);
    return { aws, clock, simulated: false, close: async () => aws.destroy() };
  }
  const { openLocalCloud } = (await import(SIMULATOR_MODULE)) as SimulatorModule;
  const cloud = await openLocalCloud({ dir: join(process.cwd(), '.odin') });
  const aws: SdkAws = createAws({
    region,
    clock: cloud.clock,
    customizeClient: cloud.customizeClient,
    retry: cloud.random ? { random: cloud.random } : undefined,
  });
  countAwsCalls(aws);
  const close = async (): Promise<void> => {
    aws.destroy();
    await cloud.close?.();
  };
  return { aws, clock: cloud.clock, simulated: true, close };
}
