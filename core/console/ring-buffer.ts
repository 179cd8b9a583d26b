// The last N bytes of a console's output, replayed to a client that attaches so an operator sees
// the prompt (or the panic) that was printed before they connected.
export class RingBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly capacity: number) {}

  push(data: Buffer): void {
    if (this.capacity === 0 || data.length === 0) return;
    this.chunks.push(Buffer.from(data));
    this.size += data.length;
    // Drop whole chunks while the rest still covers the capacity, then trim the first one.
    while (this.size - this.chunks[0]!.length >= this.capacity) this.size -= this.chunks.shift()!.length;
    if (this.size > this.capacity) {
      const cut = this.size - this.capacity;
      this.chunks[0] = this.chunks[0]!.subarray(cut);
      this.size -= cut;
    }
  }

  contents(): Buffer {
    const all = Buffer.concat(this.chunks, this.size);
    this.chunks = all.length ? [all] : [];
    return all;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
