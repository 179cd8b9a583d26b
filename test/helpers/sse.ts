// A server-sent events client as the console's (fetch, so it can send headers): collects the
// events and comments it receives until aborted or the server ends the stream.
export interface SseEvent {
  event: string;
  data: any;
}

export interface SseClient {
  status: number;
  /** The body of a refused request. */
  body: string;
  events: SseEvent[];
  comments: string[];
  /** Resolves when the server ended the stream (or the client aborted). */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  if (res.status !== 200) {
    return {
      status: res.status,
      body: await res.text(),
      events,
      comments,
      ended: Promise.resolve(),
      isEnded: () => true,
      close: () => undefined,
    };
  }
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const lines = block.split('\n');
          comments.push(...lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      /* aborted */
    } finally {
      ended = true;
    }
  })();
  return { status: res.status, body: '', events, comments, ended: reading, isEnded: () => ended, close: () => abort.abort() };
}
