import type { Aws } from '../aws/types.js';

/**
 * Loads the SDK client of every service a deploy uses, with one harmless read each. Loading a
 * client module is real I/O, during which a virtual clock sees no runnable work and jumps to its
 * next timer (a lease renewal): warming up first keeps simulated time out of measured steps.
 */
export async function warmUpClients(aws: Aws): Promise<void> {
  await Promise.all([
    aws.sts.getCallerIdentity(),
    aws.autoScaling.describeGroups(['warm-up']),
    aws.elbv2.findTargetGroups(['warm-up']),
    aws.ec2.findLaunchTemplate('warm-up'),
    aws.s3.getObject('odin-state-123456789012', 'warm-up'),
    aws.iam.getInstanceProfile('warm-up'),
    aws.cloudWatch.describeAlarms(['warm-up']),
    aws.ssm.getParameter('/warm-up'),
  ]);
}
