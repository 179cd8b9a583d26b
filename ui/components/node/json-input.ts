// Reads an operator's JSON text, with a message that says which field is wrong.
export function parseJsonField(text: string, field: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${field} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}
