import { ClassRegistrationError } from './errors.js';
import type { ClassAdapter, ClassConstructor } from './types.js';

/** A registered class: its wire name, its prototype and how to convert it. */
export interface RegisteredClass {
  readonly name: string;
  readonly prototype: object;
  readonly adapter: ClassAdapter<unknown>;
}

/**
 * The classes one codec knows, by wire name and by prototype. A name and a class are registered once:
 * two classes under one name could not be told apart on the way back.
 */
export class ClassRegistry {
  readonly #byName = new Map<string, RegisteredClass>();
  readonly #byPrototype = new Map<object, RegisteredClass>();

  register<T>(name: string, type: ClassConstructor<T>, adapter: ClassAdapter<T>): void {
    if (name === '') throw new ClassRegistrationError(name, 'the name is empty');
    if (this.#byName.has(name)) throw new ClassRegistrationError(name, 'the name is already registered');
    const prototype = type.prototype as object;
    const taken = this.#byPrototype.get(prototype);
    if (taken) throw new ClassRegistrationError(name, `the class is already registered as "${taken.name}"`);
    // Stored as ClassAdapter<unknown>: it only ever sees instances of `type` (matched by prototype).
    const entry: RegisteredClass = { name, prototype, adapter };
    this.#byName.set(name, entry);
    this.#byPrototype.set(prototype, entry);
  }

  /** The registration for an object whose prototype is exactly a registered class's (subclasses are not). */
  forInstance(value: object): RegisteredClass | undefined {
    const prototype = Object.getPrototypeOf(value) as object | null;
    return prototype === null ? undefined : this.#byPrototype.get(prototype);
  }

  forName(name: string): RegisteredClass | undefined {
    return this.#byName.get(name);
  }

  /** Registered wire names, in registration order. */
  names(): string[] {
    return [...this.#byName.keys()];
  }
}
