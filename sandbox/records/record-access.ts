/**
 * Who a bearer token lets read what: the token must be a live access token of this sandbox, its
 * grant still standing (checked like oidc-provider's own introspection does), with the
 * `patient/*.read` scope. The records are the token's patient's, from the providers chosen at
 * consent. Looked up in-process through the provider's models, not over HTTP.
 */
import type { Provider } from 'oidc-provider';

import type { ProviderChoices } from '../interactions.js';
import { findPatientById, type TestPatient } from '../test-data.js';
import type { FhirResource } from './fhir-builders.js';
import { visibleRecords } from './record-queries.js';
import { recordsOf } from './test-records.js';

export const RECORDS_SCOPE = 'patient/*.read';

export interface RecordAccess {
  patient: TestPatient;
  /** Provider ids chosen at consent. */
  providers: readonly string[];
  /** The records this token may read (always including the Patient resource). */
  records: FhirResource[];
}

export type RecordAccessResult = { ok: true; access: RecordAccess } | { ok: false; error: 'invalid_token' | 'insufficient_scope'; description: string };

/** `Authorization: Bearer <token>` → the token, or null (RFC 6750 §2.1). */
export function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header ?? '');
  return match?.[1] ?? null;
}

export async function recordAccessFor(provider: Provider, choices: ProviderChoices, token: string | null): Promise<RecordAccessResult> {
  const invalid = { ok: false, error: 'invalid_token', description: 'The access token is missing, expired or revoked.' } as const;
  if (token === null) return invalid;
  const accessToken = await provider.AccessToken.find(token);
  if (!accessToken?.isValid || !accessToken.accountId || !accessToken.grantId) return invalid;
  const grant = await provider.Grant.find(accessToken.grantId, { ignoreExpiration: true });
  if (!grant || grant.isExpired || grant.clientId !== accessToken.clientId || grant.accountId !== accessToken.accountId) return invalid;
  if (!accessToken.scopes.has(RECORDS_SCOPE)) {
    return { ok: false, error: 'insufficient_scope', description: `Reading records needs the ${RECORDS_SCOPE} scope.` };
  }
  const patient = findPatientById(accessToken.accountId);
  if (!patient) return invalid;
  const providers = choices.byGrant.get(accessToken.grantId) ?? [];
  return { ok: true, access: { patient, providers, records: visibleRecords(recordsOf(patient.id), providers) } };
}
