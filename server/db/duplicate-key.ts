/** MongoDB's "E11000 duplicate key" (a unique index refused the write), from a real server or the engine. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
