// fio: a job's JSON result (--output-format=json). fio may print error lines ("fio: pid=…,
// err=84/…") and verify findings before the JSON on stdout, so the document starts at the
// first line that is exactly "{".
export interface FioJobSummary {
  job: string;
  /** fio's errno for the job; 0 is success (84 = EILSEQ: a verify mismatch). */
  error: number;
  read_bw_kib_s: number;
  write_bw_kib_s: number;
  read_iops: number;
  write_iops: number;
  read_bytes: number;
  write_bytes: number;
}

export interface FioResult {
  jobs: FioJobSummary[];
  /** The lines before the JSON document: fio's own error and verify messages. */
  messages: string[];
}

interface FioDir {
  bw?: number;
  iops?: number;
  io_bytes?: number;
}

export function parseFioJson(stdout: string): FioResult {
  const at = stdout.search(/^\{\s*$/m);
  if (at < 0) throw new Error(`fio printed no JSON result: ${stdout.slice(0, 300)}`);
  const messages = stdout
    .slice(0, at)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // fio's own document; every field read below has a default.
  let doc: { jobs?: Array<{ jobname?: string; error?: number; read?: FioDir; write?: FioDir }> };
  try {
    doc = JSON.parse(stdout.slice(at)) as typeof doc;
  } catch (err) {
    throw new Error(`fio's JSON result could not be read: ${(err as Error).message}`, { cause: err });
  }
  const jobs = (doc.jobs ?? []).map((j) => ({
    job: j.jobname ?? '',
    error: j.error ?? 0,
    read_bw_kib_s: j.read?.bw ?? 0,
    write_bw_kib_s: j.write?.bw ?? 0,
    read_iops: Math.round(j.read?.iops ?? 0),
    write_iops: Math.round(j.write?.iops ?? 0),
    read_bytes: j.read?.io_bytes ?? 0,
    write_bytes: j.write?.io_bytes ?? 0,
  }));
  return { jobs, messages };
}

/** The reason a fio run failed, or null: a job error, with fio's own verify/error lines. */
export function fioFailure(result: FioResult, stderr = ''): string | null {
  const failed = result.jobs.filter((j) => j.error !== 0);
  if (failed.length === 0) return null;
  const lines = [...stderr.split('\n'), ...result.messages].map((l) => l.trim()).filter(Boolean);
  const finding = lines.find((l) => l.startsWith('verify:')) ?? lines[0] ?? '';
  return `fio job ${failed.map((j) => `${j.job} error ${j.error}`).join(', ')}${finding ? `: ${finding}` : ''}`;
}
