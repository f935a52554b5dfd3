/**
 * The last `maxChars` characters a process wrote: enough to explain why it failed, bounded so a chatty
 * process cannot grow the harness's memory.
 *
 * @example
 * ```ts
 * const tail = new OutputTail(10);
 * tail.append('0123456789abc');
 * tail.text(); // '3456789abc'
 * ```
 */
export class OutputTail {
  #text = '';

  constructor(readonly maxChars = 8_192) {}

  append(chunk: string | Buffer): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.maxChars) this.#text = this.#text.slice(-this.maxChars);
  }

  text(): string {
    return this.#text;
  }
}
