import { useCallback, useEffect, useRef, useState } from "react";
import { api, toDeskError, type DeskError, type DirectoryProgress } from "../api";

export interface DirectoryState {
  progress: DirectoryProgress | null;
  loading: boolean;
  error: DeskError | null;
  reload: () => void;
}

/** Loads the current environment's directory once (and again after `generation`
 * changes, e.g. an environment switch); Rust keeps the customers, the UI the progress. */
export function useDirectoryLoader(generation: number): DirectoryState {
  const [progress, setProgress] = useState<DirectoryProgress | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const run = useRef(0);

  const start = useCallback(() => {
    const id = ++run.current;
    setLoading(true);
    setError(null);
    setProgress({ loaded: 0, total: null, unreadable: 0, done: false });
    api
      .loadDirectory((p) => {
        if (id === run.current) setProgress(p);
      })
      .then(
        (p) => id === run.current && setProgress(p),
        (e: unknown) => id === run.current && setError(toDeskError(e)),
      )
      .finally(() => id === run.current && setLoading(false));
  }, []);

  useEffect(() => {
    // Deferred so the load starts after the first paint of the shell.
    const timer = setTimeout(start, 0);
    return () => clearTimeout(timer);
  }, [start, generation]);

  return { progress, loading, error, reload: start };
}
