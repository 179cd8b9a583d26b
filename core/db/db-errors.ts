// Maps the dialects' constraint violations onto Tyr's errors, so a duplicate MAC or name becomes
// a 409 with a message instead of a 500, whichever database is underneath.

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e?.code === '23503';
}

/** The column a unique violation is about, when the database says so. */
export function violatedColumn(err: unknown): string | undefined {
  const e = err as { message?: string; detail?: string; constraint?: string };
  const sqlite = /UNIQUE constraint failed: \w+\.(\w+)/.exec(e?.message ?? '');
  if (sqlite) return sqlite[1];
  const pg = /Key \((\w+)\)=/.exec(e?.detail ?? '');
  return pg?.[1];
}

/** Runs `fn`, turning a unique violation into the error `onDuplicate(column)` returns. */
export async function guardUnique<T>(fn: () => Promise<T>, onDuplicate: (column: string | undefined) => Error): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw onDuplicate(violatedColumn(err));
    throw err;
  }
}
