import { join } from 'node:path';

import { Flags } from '@oclif/core';

import { OdinCommand } from '../../cli/base-command.js';
import { applyFaultRequest, parseFaultRequest, type FaultResult } from '../../lib/simulator/fault-request.js';
import { formatFaults } from '../../lib/simulator/format-snapshot.js';
import { openLocalCloud } from '../../lib/simulator/index.js';

export default class SimulatorFaults extends OdinCommand<FaultResult> {
  static override summary =
    'Make the local cloud misbehave: throttling, errors, latency, dying instances, alarms.';

  static override description = `Changes the faults of the local cloud under ./.odin; they stay in force for every \
later odin process until changed or cleared. Random faults come from the world's seeded source, so a run repeats. \
Everything asked for is checked first (instances to kill, images to mark bad) and applied together, so a request \
that names something missing changes nothing. Without flags, prints the faults in force.`;

  static override examples = [
    {
      description: 'Throttle 30% of calls and fail some health reads',
      command: '<%= config.bin %> <%= command.id %> --throttle 0.3 --error-rate DescribeTargetHealth=0.1',
    },
    {
      description: 'Slow calls and lagging reads',
      command: '<%= config.bin %> <%= command.id %> --latency 200ms --consistency-delay 5s',
    },
    {
      description: 'Fire the alarm that guards the weighted example',
      command: '<%= config.bin %> <%= command.id %> --alarm demo-5xx=ALARM',
    },
    {
      description: 'Kill an instance (ids from `odin simulator show --json`)',
      command: '<%= config.bin %> <%= command.id %> --kill i-0123456789abcdef0',
    },
    {
      description: 'Create groups but lose the answer now and then, so the retry finds them existing',
      command: '<%= config.bin %> <%= command.id %> --lost-response-rate CreateAutoScalingGroup=0.5',
    },
    {
      description: 'Stop failing one operation, keeping the other error rates',
      command: '<%= config.bin %> <%= command.id %> --error-rate DescribeTargetHealth=0',
    },
    { description: 'Back to a well-behaved cloud', command: '<%= config.bin %> <%= command.id %> --clear' },
  ];

  static override flags = {
    clear: Flags.boolean({ summary: 'Remove every fault first.' }),
    throttle: Flags.string({
      summary: 'Fraction of calls answered with the service’s throttling error, e.g. 0.3.',
    }),
    'error-rate': Flags.string({
      summary: 'OPERATION=FRACTION of calls to answer with a 5xx; merged with those in force, 0 removes one.',
      multiple: true,
    }),
    'lost-response-rate': Flags.string({
      summary: 'OPERATION=FRACTION of calls to carry out, then answer with a 5xx (the answer is lost).',
      multiple: true,
    }),
    latency: Flags.string({ summary: 'Simulated time each call takes, e.g. 200ms.' }),
    'die-after': Flags.string({ summary: 'Instances die about this long after they boot, e.g. 10m.' }),
    'die-rate': Flags.string({
      summary: 'Fraction of new instances that die (with --die-after); default 1.',
    }),
    'consistency-delay': Flags.string({
      summary:
        'New groups, launch templates and their versions, and newly registered targets are missing from describes this long, e.g. 5s.',
    }),
    kill: Flags.string({ summary: 'Kill this instance now (repeatable).', multiple: true }),
    alarm: Flags.string({ summary: 'NAME=OK|ALARM|INSUFFICIENT_DATA (repeatable).', multiple: true }),
    'bad-image': Flags.string({
      summary: 'Image (id or name) whose new targets never pass health checks (repeatable).',
      multiple: true,
    }),
  };

  async run(): Promise<FaultResult> {
    const { flags } = await this.parse(SimulatorFaults);
    const request = {
      clear: flags.clear,
      throttle: flags.throttle === undefined ? undefined : Number(flags.throttle),
      errorRates: flags['error-rate'],
      lostResponseRates: flags['lost-response-rate'],
      latency: flags.latency,
      dieAfter: flags['die-after'],
      dieRate: flags['die-rate'] === undefined ? undefined : Number(flags['die-rate']),
      consistencyDelay: flags['consistency-delay'],
      kill: flags.kill,
      alarms: flags.alarm,
      badImages: flags['bad-image'],
    };
    parseFaultRequest(request);
    const session = await openLocalCloud({ dir: join(process.cwd(), '.odin') });
    try {
      const result = await applyFaultRequest(session, request);
      if (!this.jsonEnabled()) {
        this.log(`Faults in force: ${formatFaults(result.faults)}`);
        for (const id of result.killed) this.log(`Killed ${id}.`);
        for (const a of result.alarms) this.log(`Set alarm ${a.name} to ${a.state}.`);
        for (const image of result.badImages) this.log(`Marked image ${image} bad.`);
      }
      return result;
    } finally {
      await session.close();
    }
  }
}
