import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';

/** A GET's answer as a page shows it. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

/** Loads `path` (again every `refreshMs` when given, and whenever the path changes). */
export function useApi<T>(path: string | undefined, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (path === undefined) return undefined;
    const abort = new AbortController();
    api<T>(path, { signal: abort.signal }).then(
      (answer) => {
        setData(answer);
        setError(undefined);
      },
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        setError(failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => abort.abort();
  }, [path, tick]);
  useEffect(() => {
    if (refreshMs === undefined) return undefined;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reload]);
  return { data, error, reload };
}
