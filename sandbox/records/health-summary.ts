/**
 * `get_health_summary` as HealthEx documents it: a snapshot with age, date of birth, gender, active
 * conditions, current medications with dosages, allergies with reactions, latest vitals, last visit
 * date and primary care provider. No record counts (HealthEx's summary has none).
 */
import { TEST_PROVIDERS } from '../test-data.js';
import type { SandboxVariants } from '../variants.js';
import type { FhirResource } from './fhir-builders.js';
import { dateOf } from './list-pages.js';
import { providerOf } from './fhir-builders.js';
import type { RecordAccess } from './record-access.js';
import { runQuery } from './record-queries.js';

const textOf = (value: unknown): string => (value as { text?: string } | undefined)?.text ?? '';
const newestFirst = (a: FhirResource, b: FhirResource) => (dateOf(b) ?? '').localeCompare(dateOf(a) ?? '');

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function healthSummary(access: RecordAccess, today: string) {
  const records = access.records;
  const patient = records.find((resource) => resource.resourceType === 'Patient') as { gender?: string } | undefined;
  const visits = runQuery(records, 'get_visits').sort(newestFirst);
  const latestVitals = new Map<string, string>();
  for (const vital of runQuery(records, 'get_vitals').sort(newestFirst)) {
    const name = textOf(vital['code']);
    const quantity = vital['valueQuantity'] as { value?: number; unit?: string } | undefined;
    const components = vital['component'] as Array<{ valueQuantity?: { value?: number } }> | undefined;
    const value = quantity ? `${quantity.value} ${quantity.unit}` : (components ?? []).map((c) => c.valueQuantity?.value).join('/');
    if (!latestVitals.has(name)) latestVitals.set(name, `${value} (${dateOf(vital)})`);
  }
  // The provider of the latest office visit stands in for a primary care provider.
  const office = visits.find((visit) => (visit['class'] as { code?: string } | undefined)?.code === 'AMB');
  const pcp = office ? TEST_PROVIDERS.find((provider) => provider.id === providerOf(office))?.name ?? null : null;
  return {
    age: ageOn(access.patient.birthDate, today),
    dateOfBirth: access.patient.birthDate,
    gender: patient?.gender ?? null,
    activeConditions: runQuery(records, 'get_conditions')
      .filter((condition) => JSON.stringify(condition['clinicalStatus'] ?? '').includes('"active"'))
      .map((condition) => ({ name: textOf(condition['code']), since: dateOf(condition) })),
    currentMedications: runQuery(records, 'get_medications').map((medication) => ({
      name: textOf(medication['medicationCodeableConcept']),
      dosage: (medication['dosageInstruction'] as Array<{ text?: string }> | undefined)?.[0]?.text ?? null,
    })),
    allergies: runQuery(records, 'get_allergies').map((allergy) => ({
      name: textOf(allergy['code']),
      reactions: ((allergy['reaction'] as Array<{ manifestation?: Array<{ text?: string }> }> | undefined) ?? []).flatMap((r) => (r.manifestation ?? []).map((m) => m.text ?? '')),
    })),
    latestVitals: Object.fromEntries(latestVitals),
    lastVisitDate: visits[0] ? dateOf(visits[0]) : null,
    primaryCareProvider: pcp,
  };
}

export function healthSummaryText(access: RecordAccess, today: string, format: SandboxVariants['listFormat']): string {
  const summary = healthSummary(access, today);
  if (format !== 'text-lines') return JSON.stringify(summary);
  return [
    `Age: ${summary.age}`,
    `Date of birth: ${summary.dateOfBirth}`,
    `Gender: ${summary.gender ?? 'unknown'}`,
    `Active conditions: ${summary.activeConditions.map((c) => c.name).join('; ') || 'none'}`,
    `Current medications: ${summary.currentMedications.map((m) => `${m.name} (${m.dosage})`).join('; ') || 'none'}`,
    `Allergies: ${summary.allergies.map((a) => `${a.name} (${a.reactions.join(', ')})`).join('; ') || 'none'}`,
    `Latest vitals: ${Object.entries(summary.latestVitals).map(([name, value]) => `${name} ${value}`).join('; ') || 'none'}`,
    `Last visit: ${summary.lastVisitDate ?? 'none'}`,
    `Primary care provider: ${summary.primaryCareProvider ?? 'unknown'}`,
  ].join('\n');
}
