// How deeply a JSON request body may nest. JSON.parse copes with any depth, but everything that
// walks the parsed value afterwards (JSON.stringify when storing it, masking, merging) recurses
// and hits the stack limit: 5,000 levels made a 500. So bodies are measured before they are parsed.
// Shared by the core's API and the agent's command API.

/** No legitimate body comes near this: inventories and RAID configs nest under ten levels. */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of arrays and objects in `text`, counted without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** The message of a refused body, the same wherever it is refused. */
export function tooDeepMessage(): string {
  return `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; flatten it.`;
}
