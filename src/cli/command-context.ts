import { join } from 'node:path';

import type { Aws } from '../lib/aws/types.js';
import type { Clock } from '../lib/clock/clock.js';
import { RealClock } from '../lib/clock/real-clock.js';
import type { Manifest } from '../lib/manifest/types.js';
import type { GlobalFlags } from './global-flags.js';

/** What an AWS-using command runs against: real AWS, or the local cloud with `--simulate`. */
export interface CommandContext {
  aws: Aws;
  clock: Clock;
  simulated: boolean;
  /** Releases the local cloud (and anything else opened); call it in `finally`. */
  close(): Promise<void>;
}

/** The SDK client hook the local cloud uses to answer in place of AWS. */
type CustomizeClient = (client: never, service: never) => void;

interface CreateAwsModule {
  createAws(options: {
    region: string;
    profile?: string;
    clock: Clock;
    customizeClient?: CustomizeClient;
  }): Aws;
}

interface LocalCloudSession {
  clock: Clock;
  customizeClient: CustomizeClient;
  close(): Promise<void>;
}

interface SimulatorModule {
  openLocalCloud(options: { dir: string; speed?: number }): Promise<LocalCloudSession>;
}

// Loaded on demand so that commands which never call AWS (validate, schema, --help) do not pay
// for importing the SDK at start-up.
const CREATE_AWS_MODULE = '../lib/aws/create-aws.js';
const SIMULATOR_MODULE = '../lib/simulator/index.js';

/** Opens AWS (or the local cloud under `--simulate`) for a command; the flag's region wins. */
export async function createCommandContext(
  flags: Pick<GlobalFlags, 'region' | 'profile' | 'simulate'>,
  manifest: Pick<Manifest, 'region'>,
): Promise<CommandContext> {
  const region = flags.region ?? manifest.region;
  const { createAws } = (await import(CREATE_AWS_MODULE)) as CreateAwsModule;
  if (!flags.simulate) {
    const clock = new RealClock();
    const aws = createAws({ region, profile: flags.profile, clock });
    return { aws, clock, simulated: false, close: async () => {} };
  }
  const { openLocalCloud } = (await import(SIMULATOR_MODULE)) as SimulatorModule;
  const cloud = await openLocalCloud({ dir: join(process.cwd(), '.odin') });
  const aws = createAws({ region, clock: cloud.clock, customizeClient: cloud.customizeClient });
  return { aws, clock: cloud.clock, simulated: true, close: () => cloud.close() };
}
