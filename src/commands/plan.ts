import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { formatPlan, plan, type Plan } from '../lib/deploy/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class PlanCommand extends OdinCommand<Plan> {
  static override summary = 'Show every AWS change `odin deploy` would make, and make none.';

  static override description = `Validates the manifest, resolves every reference in AWS and reads the live fleet, \
then lists, in order, the changes a deploy would make: launch template version, new Auto Scaling group with its \
capacity, subnets and target groups, min pins, traffic moves, retirement and standby handling, scaling policies. \
It also says what would block a deploy right now (a held lease, an unfinished deploy). Nothing is changed.`;

  static override examples = [
    {
      description: 'What would a deploy to production do?',
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
    {
      description: 'The plan for a given image, as JSON',
      command: '<%= config.bin %> <%= command.id %> --image ami-0abc1234 --json | jq .changes',
    },
  ];

  static override flags = {
    image: Flags.string({ summary: 'Image to plan for: ami-..., ssm:/parameter/path or name:pattern.' }),
    release: Flags.string({ summary: 'Release id to plan with (generated when omitted).' }),
    message: Flags.string({ summary: 'Accepted for symmetry with `odin deploy`; not recorded.' }),
  };

  async run(): Promise<Plan> {
    const { flags } = await this.parse(PlanCommand);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      const result = await plan(
        { aws, clock, sink: () => {}, signal: this.abortSignal() },
        { manifest, imageOverride: flags.image, releaseId: flags.release },
      );
      if (!this.jsonEnabled()) for (const line of formatPlan(result)) this.log(line);
      return result;
    } finally {
      await close();
    }
  }
}
