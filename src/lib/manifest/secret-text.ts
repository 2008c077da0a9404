import { inspect } from 'node:util';

const SHOWN = '[secret]';

/**
 * A secret string that reads as `[secret]` however it is turned into text: JSON (release records,
 * `--json`), template strings, `console.log`. Only `reveal()` gives the value, so the one place
 * that needs it (the launch template's user data) has to ask for it by name.
 */
export class SecretText {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** The secret itself; for the launch template's user data only. */
  reveal(): string {
    return this.#text;
  }

  toJSON(): string {
    return SHOWN;
  }

  toString(): string {
    return SHOWN;
  }

  [inspect.custom](): string {
    return SHOWN;
  }
}
