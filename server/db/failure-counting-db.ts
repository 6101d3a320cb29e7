/**
 * Counts failed MongoDB operations without the driver's command monitoring. `monitorCommands: true`
 * makes the driver build a started and a succeeded event for every command, whether anyone listens
 * or not, and that costs ~40 µs of CPU per `findOne` (+22 %; bench/NOTES.md, "The status path,
 * compiled, against the tRPC floor"), on every request, to count the rare failure. Here the count is
 * taken where a failure reaches us: the `Db` handed to the service is wrapped so that every
 * operation started from it (a `Db` method such as `command`, any method of a collection it returns,
 * and the reads of the cursors those return) reports a rejection, named by the driver method that
 * started it (`findOne`, `insertOne`, `find`, `command`, …: a fixed, bounded set). Successful
 * operations pay one property lookup through the wrapper and nothing else.
 *
 * Only the public API is used: calls go to the real objects with `this` set to them, so the driver's
 * own state (and its private fields) is untouched; `instanceof Collection` still holds.
 */
import { AbstractCursor, Collection, type Db } from 'mongodb';

/** Told of every failed operation, with the driver method that started it. */
export type OnFailure = (operation: string) => void;

/** The call's result, with failures reported: promises, and the collections and cursors it hands on. */
function watched(result: unknown, operation: string, onFailure: OnFailure): unknown {
  if (result instanceof Collection) return wrap(result, onFailure, null);
  if (result instanceof AbstractCursor) return wrap(result, onFailure, operation);
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      onFailure(operation);
      throw error;
    });
  }
  return result;
}

/** The async iterator of a cursor (`for await`), its reads reported under the cursor's operation. */
function watchedIterator(iterator: AsyncIterator<unknown>, operation: string, onFailure: OnFailure): AsyncIterator<unknown> {
  return {
    next: (...args: [] | [unknown]) => watched(iterator.next(...args), operation, onFailure) as Promise<IteratorResult<unknown>>,
    return: async (value?: unknown) => (iterator.return ? iterator.return(value) : { done: true, value }),
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncIterator<unknown>;
}

/**
 * A proxy of `target` whose methods report failures. `cursorOf` is the operation that made a cursor
 * (its reads are named after it); null for a `Db` or a collection (each method names itself).
 */
function wrap<T extends object>(target: T, onFailure: OnFailure, cursorOf: string | null): T {
  const methods = new Map<PropertyKey, unknown>();
  const proxy: T = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const known = methods.get(property);
      if (known !== undefined) return known;
      const operation = cursorOf ?? String(property);
      const method =
        property === Symbol.asyncIterator
          ? () => watchedIterator(Reflect.apply(value, object, []) as AsyncIterator<unknown>, operation, onFailure)
          : (...args: unknown[]) => {
              let result: unknown;
              try {
                result = Reflect.apply(value, object, args);
              } catch (error) {
                onFailure(operation);
                throw error;
              }
              // A cursor's builder methods (sort, limit, …) return the cursor itself: hand back this proxy.
              if (result === object) return proxy;
              return watched(result, operation, onFailure);
            };
      methods.set(property, method);
      return method;
    },
  });
  return proxy;
}

/** `db`, with every operation started from it reporting its failure to `onFailure`. */
export function countingFailures(db: Db, onFailure: OnFailure): Db {
  return wrap(db, onFailure, null);
}
