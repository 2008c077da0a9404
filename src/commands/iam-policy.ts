import { Flags } from '@oclif/core';

import { OdinCommand } from '../cli/base-command.js';
import { InvalidFlagError } from '../lib/errors/index.js';
import { actionsNotNeeded, iamPolicyFor, variableKeyNote, type PolicyDocument } from '../lib/iam/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class IamPolicy extends OdinCommand<PolicyDocument> {
  static override summary = "Print the least-privilege IAM policy for operating the manifest's service.";

  static override description = `Prints an IAM policy document (JSON, on stdout) granting only the AWS actions odin calls for \
this service and environment, scoped to odin's resources: Auto Scaling groups by name and by the \
odin:service / odin:environment tags, the launch template by tags, target groups, listeners, rules and \
Route 53 records from the manifest, state objects under the service's prefix, and iam:PassRole on the \
instance profile's role for EC2 only. Resource "*" is used only for Describe/List calls AWS cannot scope, \
and for the ec2:RunInstances check Auto Scaling makes, allowed only when launching from a launch template.

Actions the manifest never needs (another traffic strategy, no alarms, no SSM image parameter) are left \
out and listed on stderr. Generate one policy per environment and attach each to that environment's role.
Nothing is called in AWS.

\`odin deploy --image\` overrides the manifest's image: \`ami-...\` and \`name:PATTERN\` need only \
ec2:DescribeImages, which is always granted; \`ssm:PATH\` reads an SSM parameter, so list every path (or \
pattern) such deploys may pass with --image-parameter. Without it only the manifest's own parameter is readable.`;

  static override examples = [
    {
      description: "Print the policy for the production environment's deploy role",
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
    {
      description: 'Attach it to a role with the AWS CLI',
      command:
        '<%= config.bin %> <%= command.id %> --env staging > policy.json && aws iam put-role-policy --role-name odin-deploy-staging --policy-name odin --policy-document file://policy.json',
    },
    {
      description: 'Let deploys pass --image ssm:/images/checkout/<channel>',
      command: '<%= config.bin %> <%= command.id %> --env production --image-parameter "/images/checkout/*"',
    },
    {
      description: 'The instance profile holds a role with another name',
      command: '<%= config.bin %> <%= command.id %> -f odin.yml --role-name checkout-instance',
    },
  ];

  static override flags = {
    'role-name': Flags.string({
      summary: 'Name of the IAM role inside instances.profile (default: the profile name).',
    }),
    'image-parameter': Flags.string({
      summary: 'SSM parameter path (* allowed) that deploys may read with --image ssm:PATH. Repeatable.',
      multiple: true,
    }),
  };

  async run(): Promise<PolicyDocument> {
    const { flags } = await this.parse(IamPolicy);
    const loaded = await loadManifest(flags.manifest, { env: flags.env });
    const manifest = flags.region ? { ...loaded, region: flags.region } : loaded;
    const options = {
      roleName: flags['role-name'],
      imageParameters: imageParameters(flags['image-parameter']),
    };
    const policy = iamPolicyFor(manifest, options);

    if (!this.jsonEnabled()) {
      this.log(JSON.stringify(policy, null, 2));
      this.printNotes(manifest.instances.profile, flags['role-name'], actionsNotNeeded(manifest, options));
      const keyNote = variableKeyNote(manifest);
      if (keyNote) this.logToStderr(`Note: ${keyNote}`);
    }
    return policy;
  }

  private printNotes(
    profile: string | undefined,
    roleName: string | undefined,
    omitted: ReturnType<typeof actionsNotNeeded>,
  ): void {
    if (profile && !roleName) {
      this.logToStderr(
        `Note: iam:PassRole names the role "${profile}" (like the instance profile); use --role-name if it differs.`,
      );
    }
    if (omitted.length === 0) return;
    this.logToStderr('Not granted, because this manifest does not need them:');
    for (const { action, reason } of omitted) this.logToStderr(`  ${action}  (${reason})`);
  }
}

function imageParameters(paths: string[] | undefined): string[] {
  for (const path of paths ?? []) {
    if (!/^\/\S*$/.test(path))
      throw new InvalidFlagError(`--image-parameter ${path} is not an SSM parameter path`, {
        hint: 'write the path as --image ssm: takes it, starting with /, e.g. --image-parameter "/images/checkout/*"',
      });
  }
  return paths ?? [];
}
