/**
 * `'*'` in a view's or writer's `accepts` (or a reader's `kinds`) means any kind: the generic
 * writers of the built-in plugin (NeXus, lossless JSON, CSV) save whatever an analysis produced.
 */
export const ANY_KIND = '*';

/** True when a contribution that accepts these kinds takes a dataset of `kind`. */
export function acceptsKind(accepts: readonly string[], kind: string): boolean {
  return accepts.includes(kind) || accepts.includes(ANY_KIND);
}
