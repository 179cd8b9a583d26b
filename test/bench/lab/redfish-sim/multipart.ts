// Just enough multipart/form-data for UpdateService's MultipartHttpPushUri: named parts with
// their file name and raw content.

export interface FormPart {
  name: string;
  fileName: string | null;
  data: Buffer;
}

export function parseMultipart(raw: Buffer, contentType: string): FormPart[] | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1] ?? null;
      if (name !== undefined) parts.push({ name, fileName, data: part.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}
