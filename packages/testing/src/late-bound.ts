/**
 * A stand-in for a value a test file makes in `beforeAll` (a server, a stack of services): it
 * forwards every property to `get()`, so the file names it once at the top instead of declaring a
 * `let` that a hook assigns. Used before the value exists, it throws what `get` throws.
 *
 * @example
 * let started: Server | undefined;
 * beforeAll(async () => (started = await startServer()));
 * const server = lateBound(() => {
 *   if (!started) throw new Error('the server starts in beforeAll');
 *   return started;
 * });
 */
export function lateBound<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = get();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_, property) => Reflect.has(get(), property),
  });
}
