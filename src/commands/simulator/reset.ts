import { join } from 'node:path';

import { Flags } from '@oclif/core';

import { OdinCommand } from '../../cli/base-command.js';
import { openLocalCloud } from '../../lib/simulator/index.js';

/** What `odin simulator reset` did. */
export interface ResetResult {
  stateFile: string;
  now: string;
}

export default class SimulatorReset extends OdinCommand<ResetResult> {
  static override summary = 'Empty the local cloud.';

  static override description = `Throws away the local cloud's world under ./.odin (fleets, target health, records, \
state bucket, faults) and starts an empty one. Run \`odin simulator seed\` afterwards to create the example \
resources again.`;

  static override examples = [
    { description: 'Start from nothing', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Start from nothing, with random seed 7',
      command: '<%= config.bin %> <%= command.id %> --seed 7',
    },
    {
      description: 'Start again with the example world',
      command: '<%= config.bin %> <%= command.id %> && <%= config.bin %> simulator seed',
    },
  ];

  static override flags = {
    seed: Flags.integer({
      summary: 'Seed of the new world’s random source (ids, faults, retry jitter); default 1.',
      min: 0,
      max: 4_294_967_295,
    }),
  };

  async run(): Promise<ResetResult> {
    const { flags } = await this.parse(SimulatorReset);
    const session = await openLocalCloud({ dir: join(process.cwd(), '.odin'), seed: flags.seed });
    try {
      await session.reset(flags.seed);
      const result = { stateFile: session.stateFile, now: new Date(session.clock.now()).toISOString() };
      if (!this.jsonEnabled())
        this.log(
          `Emptied the local cloud in ${session.stateFile}. Run \`odin simulator seed\` to create the example world.`,
        );
      return result;
    } finally {
      await session.close();
    }
  }
}
