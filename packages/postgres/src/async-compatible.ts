/**
 * A store interface whose methods may answer directly or with a promise: the SQLite stores
 * answer synchronously, the PostgreSQL ones asynchronously; callers `await` every answer.
 */
export type AsyncCompatible<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<Awaited<R>> : T[K];
};

/** The same interface with every method answering with a promise (the PostgreSQL stores). */
export type Asynchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};
