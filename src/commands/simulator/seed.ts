import { join } from 'node:path';

import { Flags } from '@oclif/core';

import { OdinCommand } from '../../cli/base-command.js';
import { openLocalCloud } from '../../lib/simulator/index.js';

/** What `odin simulator seed` did. */
export interface SeedResult {
  stateFile: string;
  reset: boolean;
  now: string;
  targetGroups: string[];
  images: string[];
  buckets: string[];
}

export default class SimulatorSeed extends OdinCommand<SeedResult> {
  static override summary = 'Create the example world in the local cloud.';

  static override description = `Creates, in the local cloud under ./.odin, everything the example manifests use: \
subnets private-a and private-b, security group web, instance profile odin-demo, images demo-app-v1, demo-app-v2 \
and demo-app-broken (never healthy), SSM parameter /odin/demo-app/ami, the ALBs demo-alb, demo-alb-blue and \
demo-alb-green with their target groups, hosted zone demo.example.com, alarm demo-5xx and the state bucket. \
Seeding is idempotent: what exists is left as it is. Use --reset to start from an empty world, and --seed with \
it to choose that world's random seed (the same seed and the same commands give the same ids, faults and timings).`;

  static override examples = [
    {
      description: 'Prepare the local cloud, then deploy an example against it',
      command:
        '<%= config.bin %> <%= command.id %>\n<%= config.bin %> deploy --simulate -f examples/target-group.yml',
    },
    { description: 'Start over from a fresh world', command: '<%= config.bin %> <%= command.id %> --reset' },
    {
      description: 'Start over from a world with another random seed',
      command: '<%= config.bin %> <%= command.id %> --reset --seed 7',
    },
  ];

  static override flags = {
    reset: Flags.boolean({ summary: 'Throw the current world away first.' }),
    // An existing world keeps its seed: re-seeding it would hand out ids it has handed out before.
    seed: Flags.integer({
      summary: 'Seed of the new world’s random source (ids, faults, retry jitter); default 1.',
      min: 0,
      max: 4_294_967_295,
      dependsOn: ['reset'],
    }),
  };

  async run(): Promise<SeedResult> {
    const { flags } = await this.parse(SimulatorSeed);
    const session = await openLocalCloud({ dir: join(process.cwd(), '.odin'), seed: flags.seed });
    try {
      if (flags.reset) await session.reset(flags.seed);
      await session.seedExamples();
      const snapshot = await session.snapshot();
      const result: SeedResult = {
        stateFile: session.stateFile,
        reset: flags.reset,
        now: snapshot.now,
        targetGroups: snapshot.targetGroups.map((tg) => tg.name),
        images: snapshot.images.map((i) => i.name),
        buckets: snapshot.buckets.map((b) => b.name),
      };
      if (!this.jsonEnabled()) {
        this.log(
          `Seeded the local cloud in ${session.stateFile}${flags.reset ? ' (from an empty world)' : ''}.`,
        );
        this.log(`Target groups: ${result.targetGroups.join(', ')}; images: ${result.images.join(', ')}.`);
        this.log('Run `odin simulator show` to see it, or any command with --simulate to use it.');
      }
      return result;
    } finally {
      await session.close();
    }
  }
}
