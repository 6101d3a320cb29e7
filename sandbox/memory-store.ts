import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * In-memory storage for oidc-provider, one per sandbox. We keep our own instead of the library's
 * memory adapter because the sandbox needs to list a patient's grants (`revokeGrantsOf`), and that
 * adapter cannot be queried by account. Entries expire lazily on read.
 */
interface Entry {
  payload: AdapterPayload;
  expiresAt: number; // epoch ms; Infinity when the model has no TTL
}

export class MemoryStore {
  readonly #entries = new Map<string, Map<string, Entry>>();

  /** The factory handed to oidc-provider's `adapter` option. */
  readonly adapterFor = (model: string): Adapter => new ModelAdapter(this.#model(model));

  /** Ids of the live grants that belong to an account. */
  grantIdsOf(accountId: string): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.#model('Grant')) {
      if (isLive(entry) && entry.payload.accountId === accountId) ids.push(id);
    }
    return ids;
  }

  /** Deletes a grant and every token issued under it, like a HealthEx-side revocation would. */
  revokeGrant(grantId: string): void {
    for (const entries of this.#entries.values()) {
      for (const [id, entry] of entries) {
        if (entry.payload.grantId === grantId) entries.delete(id);
      }
    }
    this.#model('Grant').delete(grantId);
  }

  /** Forgets the access tokens of an account, grant and refresh tokens kept: as if they expired early. */
  dropAccessTokensOf(accountId: string): number {
    let dropped = 0;
    for (const [id, entry] of this.#model('AccessToken')) {
      if (entry.payload.accountId === accountId) {
        this.#model('AccessToken').delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }

  #model(name: string): Map<string, Entry> {
    let entries = this.#entries.get(name);
    if (!entries) {
      entries = new Map();
      this.#entries.set(name, entries);
    }
    return entries;
  }
}

function isLive(entry: Entry): boolean {
  return entry.expiresAt > Date.now();
}

class ModelAdapter implements Adapter {
  constructor(private readonly entries: Map<string, Entry>) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.entries.set(id, { payload, expiresAt });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (!isLive(entry)) {
      this.entries.delete(id);
      return undefined;
    }
    // A copy, so the library's later changes only land through upsert/consume as with a database.
    return structuredClone(entry.payload);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.uid === uid) return this.find(id);
    }
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.userCode === userCode) return this.find(id);
    }
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.grantId === grantId) this.entries.delete(id);
    }
  }
}
