// A callback that runs once, `ms` after the last of a burst of calls: a live page reloads once per
// burst of stream events instead of once per node change.
import { useEffect, useMemo, useRef } from 'preact/hooks';

export function useDebounced(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return useMemo(
    () => () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => latest.current(), ms);
    },
    [ms],
  );
}
