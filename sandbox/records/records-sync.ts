/**
 * `update_records` and `check_records_status` in the sandbox: a per-patient background refresh
 * from the providers, rate limited per patient as HealthEx documents. How long a refresh takes and
 * how often it may be asked for are sandbox settings (HealthEx documents neither).
 */

export interface SyncSettings {
  /** How long a refresh "runs" before the records count as updated. */
  updateDurationMs: number;
  /** The per-patient rate limit: one update per this many seconds. */
  updateIntervalSeconds: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { updateDurationMs: 1_000, updateIntervalSeconds: 15 * 60 };

interface PatientSync {
  lastUpdatedAt: Date;
  updatingUntil: number;
  lastRequestedAt: number;
}

export type UpdateAnswer = { started: true } | { started: false; retryAfterSeconds: number };

export interface SyncStatus {
  updating: boolean;
  lastUpdatedAt: Date;
}

export function createRecordsSync(settings: SyncSettings, now: () => number = Date.now) {
  const patients = new Map<string, PatientSync>();
  const startedAt = now();

  function stateOf(patientId: string): PatientSync {
    let state = patients.get(patientId);
    if (!state) {
      // Every test patient's records were last fetched from the providers a day before the sandbox started.
      state = { lastUpdatedAt: new Date(startedAt - 24 * 60 * 60 * 1000), updatingUntil: 0, lastRequestedAt: -Infinity };
      patients.set(patientId, state);
    }
    if (state.updatingUntil !== 0 && state.updatingUntil <= now()) {
      state.lastUpdatedAt = new Date(state.updatingUntil);
      state.updatingUntil = 0;
    }
    return state;
  }

  return {
    requestUpdate(patientId: string): UpdateAnswer {
      const state = stateOf(patientId);
      const waitMs = state.lastRequestedAt + settings.updateIntervalSeconds * 1000 - now();
      if (waitMs > 0) return { started: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
      state.lastRequestedAt = now();
      state.updatingUntil = now() + settings.updateDurationMs;
      return { started: true };
    },
    status(patientId: string): SyncStatus {
      const state = stateOf(patientId);
      return { updating: state.updatingUntil !== 0, lastUpdatedAt: state.lastUpdatedAt };
    },
    /** Test helper: forget a patient's rate limit. */
    reset(patientId: string): void {
      patients.delete(patientId);
    },
  };
}

export type RecordsSync = ReturnType<typeof createRecordsSync>;
