import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

import { Flags } from '@oclif/core';

import { OdinCommand } from '../cli/base-command.js';
import { InvalidFlagError, RefusedError } from '../lib/errors/index.js';
import { starterManifest, toServiceName } from '../lib/manifest/starter-manifest.js';

/** What `odin init --json` prints. */
export interface InitResult {
  file: string;
  service: string;
}

export default class Init extends OdinCommand<InitResult> {
  static override summary = 'Write a commented starter odin.yml.';

  static override description = `Writes a starter manifest (target-group strategy, a production environment, comments \
showing the alternatives) to odin.yml, or to the path given with -f. The service name defaults to the current \
directory's name. An existing file is left alone unless --force is given. Edit the placeholders (account, \
bucket, subnets, security groups, target group), then run \`odin validate\`.`;

  static override examples = [
    {
      description: 'Start a manifest for the service in this directory',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Name the service and write to another path',
      command: '<%= config.bin %> <%= command.id %> --service checkout -f deploy/odin.yml',
    },
    { description: 'Replace an existing manifest', command: '<%= config.bin %> <%= command.id %> --force' },
  ];

  static override flags = {
    force: Flags.boolean({ summary: 'Overwrite the manifest if it exists.' }),
    service: Flags.string({ summary: 'Service name (default: the current directory name).' }),
  };

  async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    const file = resolve(flags.manifest);
    const service = flags.service ?? toServiceName(basename(process.cwd()));
    if (flags.service !== undefined && toServiceName(flags.service) !== flags.service) {
      throw new InvalidFlagError(`--service ${flags.service} is not a valid service name`, {
        hint: `use lowercase letters, digits and dashes, at most 32 characters, e.g. --service ${toServiceName(flags.service)}`,
      });
    }
    if (!flags.force && (await exists(file))) {
      throw new RefusedError(`${flags.manifest} already exists; odin init leaves it alone`, {
        hint: 'Run `odin validate` to check it, or `odin init --force` to replace it.',
      });
    }

    await writeManifest(file, flags.manifest, starterManifest(service));
    if (!this.jsonEnabled()) {
      this.log(`Wrote ${flags.manifest} for service ${service}.`);
      this.log(
        'Next: replace the placeholders (account, state bucket, subnets, security groups, target group), then run `odin validate`.',
      );
    }
    return { file, service };
  }
}

/** Creates the folders on the way (`-f deploy/odin.yml` in a fresh repository); a bad path is exit 2. */
async function writeManifest(file: string, shown: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InvalidFlagError(`cannot write ${shown}: ${reason}`, {
      hint: '-f must name a file to create, e.g. -f deploy/odin.yml.',
      cause: error,
    });
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
