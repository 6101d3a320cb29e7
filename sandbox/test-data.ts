/**
 * Synthetic people and providers for the HealthEx sandbox. Nothing here is real: the sandbox is a
 * developer tool and prints these accounts on its own login page.
 */

export interface TestPatient {
  /** The account id, which becomes the token's `sub`. */
  readonly id: string;
  readonly name: string;
  /** Email-style login name. */
  readonly username: string;
  readonly birthDate: string;
}

export interface TestProvider {
  readonly id: string;
  readonly name: string;
}

/** One obvious password shared by every test patient. */
export const SANDBOX_PASSWORD = 'sandbox';

export const TEST_PATIENTS: readonly TestPatient[] = Object.freeze([
  { id: 'patient-ava', name: 'Ava Thompson', username: 'ava@sandbox.healthex.test', birthDate: '1984-03-12' },
  { id: 'patient-ben', name: 'Ben Okafor', username: 'ben@sandbox.healthex.test', birthDate: '1971-11-02' },
  { id: 'patient-carmen', name: 'Carmen Díaz', username: 'carmen@sandbox.healthex.test', birthDate: '1993-07-28' },
]);

export const TEST_PROVIDERS: readonly TestProvider[] = Object.freeze([
  { id: 'riverside-health', name: 'Riverside Health (Epic)' },
  { id: 'northlake-clinic', name: 'Northlake Clinic (Cerner)' },
  { id: 'valley-labs', name: 'Valley Labs (athenahealth)' },
]);

/** The scopes HealthEx offers, with the wording the consent page uses. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze({
  'patient/*.read': 'Read your medical records (conditions, medications, labs, visits and more)',
  offline_access: 'Keep access when you are not using the app, until you disconnect it',
});

export const SUPPORTED_SCOPES = Object.keys(SCOPE_DESCRIPTIONS);

export function findPatientById(id: string): TestPatient | undefined {
  return TEST_PATIENTS.find((patient) => patient.id === id);
}

/** Returns the patient when the username (case-insensitive) and password match. */
export function authenticatePatient(username: string, password: string): TestPatient | undefined {
  const wanted = username.trim().toLowerCase();
  const patient = TEST_PATIENTS.find((candidate) => candidate.username === wanted);
  return patient && password === SANDBOX_PASSWORD ? patient : undefined;
}
