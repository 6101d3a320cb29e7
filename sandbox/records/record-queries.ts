/**
 * What each of the sandbox's list tools returns, as one table: HealthEx's documented (and
 * catalogued) list tools and the FHIR resources each one lists. Imaging reports and hospital stays
 * are in the test records (HealthEx shares them) but, as at HealthEx, no tool lists them on their own.
 */
import { providerOf, type FhirResource } from './fhir-builders.js';

interface RecordQuery {
  title: string;
  description: string;
  matches(resource: FhirResource): boolean;
}

const codesOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((concept: { coding?: Array<{ code?: string }> }) => (concept.coding ?? []).map((coding) => coding.code ?? '')) : [];

const observation = (category: string) => (r: FhirResource) => r.resourceType === 'Observation' && codesOf(r['category']).includes(category);
const report = (service: string) => (r: FhirResource) => r.resourceType === 'DiagnosticReport' && codesOf(r['category']).includes(service);

export const RECORD_QUERIES = {
  get_labs: {
    title: 'Lab results',
    description: 'Laboratory results (FHIR Observation, category laboratory) and lab panel reports (DiagnosticReport LAB).',
    matches: (r) => observation('laboratory')(r) || report('LAB')(r),
  },
  get_medications: {
    title: 'Medications',
    description: 'Prescribed medications (FHIR MedicationRequest).',
    matches: (r) => r.resourceType === 'MedicationRequest',
  },
  get_conditions: {
    title: 'Diagnoses',
    description: 'Diagnosed conditions and problems (FHIR Condition).',
    matches: (r) => r.resourceType === 'Condition',
  },
  get_immunizations: {
    title: 'Immunizations',
    description: 'Vaccinations given (FHIR Immunization).',
    matches: (r) => r.resourceType === 'Immunization',
  },
  get_procedures: {
    title: 'Procedures',
    description: 'Procedures and surgeries performed (FHIR Procedure).',
    matches: (r) => r.resourceType === 'Procedure',
  },
  get_allergies: {
    title: 'Allergies',
    description: 'Allergies and intolerances (FHIR AllergyIntolerance).',
    matches: (r) => r.resourceType === 'AllergyIntolerance',
  },
  get_vitals: {
    title: 'Vital signs',
    description: 'Blood pressure, heart rate, weight, BMI and other vital signs (FHIR Observation, category vital-signs).',
    matches: observation('vital-signs'),
  },
  get_visits: {
    title: 'Visits',
    description: 'All visits and stays: office, emergency and inpatient (FHIR Encounter).',
    matches: (r) => r.resourceType === 'Encounter',
  },
} satisfies Record<string, RecordQuery>;

export type RecordToolName = keyof typeof RECORD_QUERIES;
export const RECORD_TOOL_NAMES = Object.keys(RECORD_QUERIES) as RecordToolName[];

/** Clinical notes, which `search_clinical_notes` searches. */
export const isClinicalNote = (r: FhirResource) => r.resourceType === 'DocumentReference';

/** The records a grant may see: the patient's, from the providers chosen at consent. */
export function visibleRecords(records: readonly FhirResource[], providers: readonly string[]): FhirResource[] {
  const allowed = new Set(providers);
  return records.filter((resource) => {
    const provider = providerOf(resource);
    return provider === undefined || allowed.has(provider);
  });
}

export function runQuery(records: readonly FhirResource[], tool: RecordToolName): FhirResource[] {
  const query: RecordQuery = RECORD_QUERIES[tool];
  return records.filter((resource) => query.matches(resource));
}
