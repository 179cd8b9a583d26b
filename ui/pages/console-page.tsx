// Placeholder: a node's serial console in xterm.js over the console WebSocket.
export function ConsolePage({ ident }: { ident: string }) {
  return <h1>Console of {ident}</h1>;
}
