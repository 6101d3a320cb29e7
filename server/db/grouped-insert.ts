/**
 * Inserts that arrive while the previous write to the same collection is in flight go together in one
 * unordered `insertMany`, instead of one round trip each (the audit writer groups its events the same
 * way). An insert that comes alone is written at once, with no delay. Each caller learns its own
 * document's fate: a write error on one document (a duplicate key) fails that caller only; when the
 * server refuses the command as a whole, each document is tried alone; when the database cannot be
 * reached, the group fails, as each insert alone would have.
 */
import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

interface Waiting<T> {
  document: OptionalUnlessRequiredId<T>;
  settle: (error?: unknown) => void;
}

export function createGroupedInsert<T extends Document>(collection: Collection<T>): (document: OptionalUnlessRequiredId<T>) => Promise<void> {
  let queue: Array<Waiting<T>> = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        await collection.insertMany(group.map((w) => w.document), { ordered: false });
        for (const waiting of group) waiting.settle();
      } catch (error) {
        const failedAt = new Map<number, unknown>();
        if (error instanceof MongoBulkWriteError) {
          for (const writeError of [error.writeErrors].flat()) failedAt.set(writeError.index, error);
        }
        if (failedAt.size > 0) {
          group.forEach((waiting, i) => waiting.settle(failedAt.has(i) ? error : undefined));
        } else if (!(error instanceof MongoServerError) || group.length === 1) {
          // The database could not be reached or timed out: each insert alone would have failed too.
          for (const waiting of group) waiting.settle(error);
        } else {
          // The server refused the batch without naming documents (the embedded engine refuses a whole
          // unordered batch for one duplicate key): each document is tried alone, so each caller gets
          // exactly its own insert's fate.
          await Promise.all(group.map((waiting) => collection.insertOne(waiting.document).then(() => waiting.settle(), (alone: unknown) => waiting.settle(alone))));
        }
      }
    }
    writing = false;
  }

  return (document) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ document, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!writing) void drain();
    });
}
