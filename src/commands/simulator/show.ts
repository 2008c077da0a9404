import { join } from 'node:path';

import { OdinCommand } from '../../cli/base-command.js';
import { formatSnapshot } from '../../lib/simulator/format-snapshot.js';
import { openLocalCloud, type LocalCloudSnapshot } from '../../lib/simulator/index.js';

export default class SimulatorShow extends OdinCommand<LocalCloudSnapshot> {
  static override summary = 'Show the local cloud: fleets, target health, weights, records and time.';

  static override description = `Prints the local cloud's world under ./.odin as it is now: each fleet (Auto Scaling \
group) with its desired, min and max capacity and the state of its instances; target health per target group; \
listener and rule weights; Route 53 weighted records; alarms; the faults in force; and the simulated time. \
--json prints the full snapshot.`;

  static override examples = [
    { description: 'Look at the world', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Watch the blue/green weights during a deploy',
      command: "watch -n1 '<%= config.bin %> <%= command.id %> --json | jq .listeners'",
    },
  ];

  async run(): Promise<LocalCloudSnapshot> {
    const session = await openLocalCloud({ dir: join(process.cwd(), '.odin') });
    try {
      const snapshot = await session.snapshot();
      if (!this.jsonEnabled()) this.log(formatSnapshot(snapshot));
      return snapshot;
    } finally {
      await session.close();
    }
  }
}
