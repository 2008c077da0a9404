import { Flags } from '@oclif/core';
import { createInterface } from 'node:readline/promises';
import { InvalidFlagError, RefusedError } from '../lib/errors/errors.js';
import type { Manifest } from '../lib/manifest/types.js';

/** `--yes`: the answer to the production prompt given up front. */
export const yesFlag = Flags.boolean({
  char: 'y',
  summary: 'Do not ask for confirmation (required for production without a terminal).',
});

/** Whether someone can answer, and how to ask without the progress display drawing over the question. */
export interface PromptTerminal {
  interactive: boolean;
  withTerminal<R>(prompt: () => Promise<R>): Promise<R>;
}

/** What a command asks before it changes a production environment. */
export interface ProductionQuestion {
  manifest: Manifest;
  /** The question without its question mark, e.g. "Deploy checkout to production". */
  ask: string;
  /** The refusal when the answer is not yes, e.g. "Deploy cancelled". */
  cancelled: string;
  /** The hint when there is no terminal to ask on. */
  noTerminalHint: string;
  /** What will happen, shown above the question; only worked out when someone can answer. */
  describe(): Promise<string>;
}

/** Production: shows what will happen and asks on a terminal; without one, `--yes` is required. */
export async function confirmProduction(
  terminal: PromptTerminal,
  question: ProductionQuestion,
): Promise<void> {
  const { manifest } = question;
  if (!terminal.interactive) {
    throw new InvalidFlagError(
      `${manifest.service} (${manifest.environment}) is a production environment and there is no terminal to confirm on`,
      { hint: question.noTerminalHint },
    );
  }
  const shown = await question.describe();
  await terminal.withTerminal(async () => {
    process.stderr.write(`${shown}\n\n`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question.ask}? Type "yes" to continue: `);
      if (answer.trim().toLowerCase() !== 'yes')
        throw new RefusedError(`${question.cancelled}; nothing was changed`, {
          hint: 'Run it again and answer yes, or pass --yes.',
        });
    } finally {
      rl.close();
    }
  });
}
