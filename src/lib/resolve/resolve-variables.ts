import type { Aws } from '../aws/types.js';
import { secrets } from '../events/redactor.js';
import { SecretText } from '../manifest/secret-text.js';
import type { Manifest } from '../manifest/types.js';
import type { ProblemList } from './problems.js';

/** Each declared variable's value for the user data; secrets as SecretText, so they never serialise. */
export type ResolvedVariables = Record<string, string | SecretText>;

/**
 * Reads every `instances.variables` value: SSM parameters with decryption, literals as written.
 * Each secret is registered with the process's redactor as it is read, so from then on no output
 * of odin can show it (see Redactor). A parameter that does not exist is a problem (exit 2).
 */
export async function resolveVariables(
  aws: Aws,
  manifest: Manifest,
  problems: ProblemList,
): Promise<ResolvedVariables> {
  const entries = Object.entries(manifest.instances.variables ?? {});
  const values = await Promise.all(
    entries.map(async ([name, variable]): Promise<[string, string | SecretText | undefined]> => {
      if (!('ssm' in variable)) {
        if (variable.value instanceof SecretText) secrets.add(name, variable.value.reveal());
        return [name, variable.value];
      }
      const value = await aws.ssm.getParameter(variable.ssm, { decrypt: true });
      if (value === undefined) problems.add(missingParameter(name, variable.ssm, aws.region));
      else secrets.add(name, value);
      return [name, value === undefined ? undefined : new SecretText(value)];
    }),
  );
  return Object.fromEntries(
    values.filter((entry): entry is [string, string | SecretText] => entry[1] !== undefined),
  );
}

function missingParameter(name: string, path: string, region: string) {
  return {
    what: 'SSM parameter',
    where: `instances.variables.${name}`,
    message: `no SSM parameter \`${path}\` in ${region}`,
    hint:
      `Create it (aws ssm put-parameter --name ${path} --type SecureString --value ...), ` +
      `or point instances.variables.${name}.ssm at the parameter that holds it.`,
  };
}
