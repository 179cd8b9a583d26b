// The change stream (GET /ui/api/stream) as a hook. fetch, not EventSource, because EventSource
// cannot send the Authorization header. One connection per page is shared by every subscriber:
// it opens with the first subscriber, closes with the last, and reconnects with backoff.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StreamEvent } from '../protocol/web-ui.js';
import { authHeaders } from './api.js';

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting';

type Listener = (e: StreamEvent) => void;

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

/** The page's one stream connection; a browser module, so one instance per page. */
const stream = {
  listeners: new Set<Listener>(),
  statusListeners: new Set<(s: LiveStatus) => void>(),
  status: 'connecting' as LiveStatus,
  abort: null as AbortController | null,
  retryTimer: undefined as ReturnType<typeof setTimeout> | undefined,
  backoffMs: MIN_BACKOFF_MS,
};

function setStatus(s: LiveStatus): void {
  stream.status = s;
  for (const l of stream.statusListeners) l(s);
}

/** Splits SSE text into events: blank-line separated blocks of "field: value" lines. */
export function parseSseBlock(block: string): StreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(data.join('\n'));
    return { event, data: parsed } as StreamEvent;
  } catch {
    return null;
  }
}

function dispatch(e: StreamEvent): void {
  for (const l of stream.listeners) {
    try {
      l(e);
    } catch (err) {
      console.error('stream subscriber failed', err);
    }
  }
}

async function readStream(signal: AbortSignal): Promise<void> {
  const res = await fetch('/ui/api/stream', { headers: { ...authHeaders(), Accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseSseBlock(block);
      if (!event) continue;
      if (event.event === 'hello') {
        stream.backoffMs = MIN_BACKOFF_MS;
        setStatus('connected');
      }
      dispatch(event);
    }
  }
}

function connect(): void {
  const abort = new AbortController();
  stream.abort = abort;
  readStream(abort.signal)
    .catch(() => undefined)
    .finally(() => {
      if (abort.signal.aborted || stream.abort !== abort) return;
      // The server went away or refused: try again, waiting longer each time (with jitter).
      setStatus('reconnecting');
      const wait = stream.backoffMs * (0.75 + Math.random() / 2);
      stream.backoffMs = Math.min(stream.backoffMs * 2, MAX_BACKOFF_MS);
      stream.retryTimer = setTimeout(connect, wait);
    });
}

function disconnect(): void {
  stream.abort?.abort();
  stream.abort = null;
  clearTimeout(stream.retryTimer);
  stream.backoffMs = MIN_BACKOFF_MS;
  setStatus('connecting');
}

function subscribe(l: Listener): () => void {
  stream.listeners.add(l);
  if (stream.listeners.size === 1) connect();
  return () => {
    stream.listeners.delete(l);
    if (stream.listeners.size === 0) disconnect();
  };
}

/**
 * Calls onEvent for every stream event while the component is mounted. The latest onEvent is
 * used, so callers need not memoise it. On "hello" callers should reload what they show: it
 * comes after a reconnect, and changes during the gap were not sent. The hello of a connection
 * that was still opening when the component mounted is not passed on: the component's own first
 * load is as fresh, and reloading would fetch the same page twice.
 */
export function useNodeChanges(onEvent: (e: StreamEvent) => void): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    let skipHello = stream.status !== 'connected';
    return subscribe((e) => {
      if (e.event === 'hello' && skipHello) {
        skipHello = false;
        return;
      }
      latest.current(e);
    });
  }, []);
}

/** The stream's state; keeps the connection open while mounted (the top bar always is). */
export function useLiveStatus(): LiveStatus {
  const [status, set] = useState(stream.status);
  useEffect(() => {
    stream.statusListeners.add(set);
    set(stream.status);
    return () => void stream.statusListeners.delete(set);
  }, []);
  useNodeChanges(() => undefined);
  return status;
}
