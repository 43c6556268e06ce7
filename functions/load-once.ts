/**
 * `load` run on the first call and its promise shared by every later one: the way the functions
 * build what a cold start should not (modules behind import(), the services made from them). A load
 * that fails is not kept, so the next request tries again instead of failing until the container goes.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
