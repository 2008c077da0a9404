/**
 * Checks of each environment's user-data file: that it exists next to the manifest, and that no
 * `${NAME}` in it is a typo of what odin substitutes (an `ODIN_` variable or a declared one), so
 * a typo is an error before the deploy rather than a literal `${DB_PASWORD}` on every instance.
 * Other upper-case names (`${HOME}`, `${PATH}`) are the shell's own and left alone: user-data
 * scripts use them all the time.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { closestMatches } from './suggest.js';
import { ODIN_VARIABLES, userDataReferences } from './user-data.js';
import type { PathIssue } from './zod-issues.js';

/** A user-data file named by one environment (env undefined: the base), and the variables it declares. */
export interface UserDataRef {
  env: string | undefined;
  file: string;
  variables: string[];
}

/** The issues of one environment's user-data file, at `instances.userData`. */
export async function userDataIssues(ref: UserDataRef, manifestFile: string): Promise<PathIssue[]> {
  const path = resolve(dirname(manifestFile), ref.file);
  const shown = relative(dirname(manifestFile), path);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) {
    const message = `user-data file ${shown} does not exist next to the manifest`;
    const hint = 'the path is relative to the manifest; create the file or fix the path';
    return [{ path: ['instances', 'userData'], message, hint }];
  }
  const known: string[] = [...ODIN_VARIABLES, ...ref.variables];
  return userDataReferences(text)
    .filter(({ name }) => !known.includes(name) && looksMeantForOdin(name, known))
    .map(({ name, line }) => ({
      path: ['instances', 'userData'],
      message: `${shown} line ${line} uses \${${name}}, which is neither an ODIN_ variable nor in instances.variables`,
      hint: unknownNameHint(name, known),
    }));
}

/** An unknown `ODIN_` name, or one a small edit away from a name odin substitutes. */
function looksMeantForOdin(name: string, known: string[]): boolean {
  return name.startsWith('ODIN_') || closestMatches(name, known).length > 0;
}

function unknownNameHint(name: string, known: string[]): string {
  const close = closestMatches(name, known);
  const declare = `declare it under instances.variables (e.g. ${name}: {ssm: /path}), or write $\${${name}} to leave it to the shell`;
  return close.length > 0 ? `did you mean \${${close.join('} or ${')}}? Otherwise ${declare}` : declare;
}
