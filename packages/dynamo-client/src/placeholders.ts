/**
 * The `ExpressionAttributeNames` and `ExpressionAttributeValues` of one request. Every attribute name and
 * every value in an expression goes through here, so no caller's string ever becomes expression syntax:
 * an attribute called `size`, `a.b` or `#x` is just a name, and a value is never spliced into the text.
 *
 * @example
 * const p = new Placeholders();
 * `${p.name('greenfield')} < ${p.value(42)}`; // '#n0 < :v0'
 * p.attributes(); // { ExpressionAttributeNames: { '#n0': 'greenfield' }, ExpressionAttributeValues: { ':v0': 42 } }
 */
export class Placeholders {
  readonly #names = new Map<string, string>();
  readonly #values = new Map<string, unknown>();

  /** The placeholder of an attribute name; the same name always gets the same placeholder. */
  name(attribute: string): string {
    let placeholder = this.#names.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#n${this.#names.size}`;
      this.#names.set(attribute, placeholder);
    }
    return placeholder;
  }

  /** A new placeholder for a value. */
  value(value: unknown): string {
    const placeholder = `:v${this.#values.size}`;
    this.#values.set(placeholder, value);
    return placeholder;
  }

  /**
   * The request fields for what was used. Empty maps are left out: DynamoDB rejects an empty
   * `ExpressionAttributeValues`.
   */
  attributes(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    return {
      ...(this.#names.size > 0 && {
        ExpressionAttributeNames: Object.fromEntries(
          [...this.#names].map(([name, placeholder]) => [placeholder, name]),
        ),
      }),
      ...(this.#values.size > 0 && { ExpressionAttributeValues: Object.fromEntries(this.#values) }),
    };
  }
}
