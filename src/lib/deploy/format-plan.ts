import type { Plan } from './plan.js';

/** The plan as lines for people (the deploy confirmation and `odin plan` show it). */
export function formatPlan(plan: Plan): string[] {
  const lines = [
    `Plan for ${plan.service} (${plan.environment}) in ${plan.region}, account ${plan.account}${plan.production ? ', PRODUCTION' : ''}`,
    `  image     ${plan.image.name} (${plan.image.id}, from ${plan.image.source})`,
    `  strategy  ${plan.strategy}`,
    `  live      ${plan.live ? `${plan.live.name} (min ${plan.live.min}, desired ${plan.live.desired}, max ${plan.live.max})` : 'none (first deploy)'}`,
    `  new fleet ${plan.newFleet.name} (min ${plan.newFleet.min}, desired ${plan.newFleet.desired}, max ${plan.newFleet.max})`,
    '',
    'Changes, in order:',
    ...plan.changes.map(
      (c, i) => `  ${String(i + 1).padStart(2)}. ${c.action.padEnd(20)} ${c.resource}: ${c.detail}`,
    ),
  ];
  for (const warning of plan.warnings) lines.push(`Warning: ${warning}`);
  for (const blocker of plan.blockers) lines.push(`Blocked: ${blocker}`);
  return lines;
}
