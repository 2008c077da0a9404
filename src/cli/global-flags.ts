import { Flags, type Interfaces } from '@oclif/core';

/** The help section every global flag is listed under. */
export const GLOBAL_HELP_GROUP = 'GLOBAL';

/** The renderer choices of `--log-format`. */
export const LOG_FORMATS = ['auto', 'plain', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Flags every odin command accepts; declared once so help, parsing and types agree. */
export const globalFlags = {
  manifest: Flags.string({
    char: 'f',
    summary: 'Path to the service manifest.',
    default: 'odin.yml',
    helpGroup: GLOBAL_HELP_GROUP,
  }),
  env: Flags.string({
    summary: 'Environment overlay of the manifest to use (e.g. staging, production).',
    helpGroup: GLOBAL_HELP_GROUP,
  }),
  region: Flags.string({
    summary: "AWS region; overrides the manifest's region.",
    helpGroup: GLOBAL_HELP_GROUP,
  }),
  profile: Flags.string({
    summary: 'AWS shared-config profile to take credentials from.',
    helpGroup: GLOBAL_HELP_GROUP,
  }),
  simulate: Flags.boolean({
    summary: 'Run against the built-in local cloud in ./.odin instead of AWS.',
    env: 'ODIN_SIMULATE',
    helpGroup: GLOBAL_HELP_GROUP,
  }),
  'log-format': Flags.option({
    options: LOG_FORMATS,
    summary:
      'How progress is drawn on stderr: auto (task list on a terminal, lines otherwise), plain or json.',
    default: 'auto' as const,
    helpGroup: GLOBAL_HELP_GROUP,
  })(),
};

/** The parsed values of the global flags. */
export type GlobalFlags = Interfaces.InferredFlags<typeof globalFlags>;
