import type { EventSink } from './event.js';

// Below this length a value's base64 fragments are too short to tell from other base64 or ids.
const MIN_BASE64_LENGTH = 12;

/**
 * Replaces every known secret value in what odin shows with `[secret NAME]`: plain, as JSON
 * escapes it, and inside base64 (user data travels base64-encoded, and an AWS error may echo it).
 * It is the net under the rule that secrets are only ever handed to the launch template: whatever
 * path a value takes by mistake, the event sink, the error output and `--json` results pass here.
 */
export class Redactor {
  // Each form a secret can be written in, longest first, with the label that replaces it.
  private forms: Array<[form: string, label: string]> = [];

  /** Registers a secret's value; an empty value hides nothing and is ignored. */
  add(name: string, value: string): void {
    if (value === '') return;
    const label = `[secret ${name}]`;
    const forms = [value, JSON.stringify(value).slice(1, -1)];
    if (value.length >= MIN_BASE64_LENGTH) forms.push(...base64Forms(value));
    for (const form of new Set(forms)) this.forms.push([form, label]);
    this.forms.sort((a, b) => b[0].length - a[0].length);
  }

  /** True when no secret is registered (nothing to redact). */
  get empty(): boolean {
    return this.forms.length === 0;
  }

  /** The text with every registered secret replaced by its label. */
  redact(text: string): string {
    let result = text;
    for (const [form, label] of this.forms)
      if (result.includes(form)) result = result.split(form).join(label);
    return result;
  }

  /** A copy of plain data (events, results) with every string redacted; other objects are kept as they are. */
  redactDeep<T>(value: T): T {
    if (this.empty) return value;
    return this.copy(value) as T;
  }

  /** The sink with every event redacted before it reaches `sink`. */
  wrap(sink: EventSink): EventSink {
    return (event) => sink(this.redactDeep(event));
  }

  /**
   * Redacts an error in place, down its cause chain: message, stack, and an OdinError's hint and
   * details. In place, so its class, code and exit code stay what they were.
   */
  redactError<E>(error: E): E {
    if (this.empty) return error;
    for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
      e.message = this.redact(e.message);
      if (e.stack !== undefined) e.stack = this.redact(e.stack);
      const fields = e as unknown as Record<string, unknown>;
      for (const key of ['hint', 'details'])
        if (fields[key] !== undefined)
          Object.defineProperty(e, key, { value: this.redactDeep(fields[key]), enumerable: true });
    }
    return error;
  }

  private copy(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item: unknown) => this.copy(item));
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
      return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.copy(item)]));
  }
}

/**
 * How `text` can appear inside longer base64: one form per byte alignment, without the edge
 * characters it shares with neighbours.
 */
function base64Forms(text: string): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.from('\0'.repeat(pad) + text).toString('base64');
    return encoded.slice(pad === 0 ? 0 : 4, -4);
  });
}

/**
 * The secrets this process has read. Process-wide on purpose: once odin holds a secret, nothing
 * the process writes may show it, whichever command, context or code path the text comes from.
 */
export const secrets = new Redactor();
