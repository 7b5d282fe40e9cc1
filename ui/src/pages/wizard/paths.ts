// Dotted paths into the draft (`customer.taxId`, `additional.address.city`): the same
// paths Rust uses for field definitions and errors.

type Obj = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, key) => (o == null ? undefined : (o as Obj)[key]), obj);
}

/** Returns a copy of `obj` with `path` set, copying each object along the way. */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const current = (obj ?? {}) as Obj;
  return {
    ...current,
    [head!]: rest.length === 0 ? value : setPath(current[head!], rest.join("."), value),
  } as T;
}
