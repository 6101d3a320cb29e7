/**
 * What each of the sandbox's record tools returns, as one table, so the MCP tools, the FHIR
 * endpoint's tests and the health summary's counts can never disagree. The nine summary categories
 * are the seed page's (Lab Results … Allergies); vitals and visits are extra tools HealthEx offers.
 */
import { providerOf, type FhirResource } from './fhir-builders.js';

export const SUMMARY_CATEGORIES = [
  'lab_results',
  'medications',
  'visit_notes',
  'diagnoses',
  'imaging_reports',
  'hospital_records',
  'immunizations',
  'procedures',
  'allergies',
] as const;
export type SummaryCategory = (typeof SUMMARY_CATEGORIES)[number];

interface RecordQuery {
  title: string;
  description: string;
  /** The summary category this tool's records count towards, if any. */
  category?: SummaryCategory;
  matches(resource: FhirResource): boolean;
}

const codesOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((concept: { coding?: Array<{ code?: string }> }) => (concept.coding ?? []).map((coding) => coding.code ?? '')) : [];

const observation = (category: string) => (r: FhirResource) => r.resourceType === 'Observation' && codesOf(r['category']).includes(category);
const report = (service: string) => (r: FhirResource) => r.resourceType === 'DiagnosticReport' && codesOf(r['category']).includes(service);
const encounterClass = (r: FhirResource) => (r['class'] as { code?: string } | undefined)?.code;

export const RECORD_QUERIES = {
  get_labs: {
    title: 'Lab results',
    description: 'Laboratory results (FHIR Observation, category laboratory) and lab panel reports (DiagnosticReport LAB).',
    category: 'lab_results',
    matches: (r) => observation('laboratory')(r) || report('LAB')(r),
  },
  get_medications: {
    title: 'Medications',
    description: 'Prescribed medications (FHIR MedicationRequest).',
    category: 'medications',
    matches: (r) => r.resourceType === 'MedicationRequest',
  },
  get_visit_notes: {
    title: 'Visit notes',
    description: "Clinicians' notes from visits (FHIR DocumentReference, clinical notes).",
    category: 'visit_notes',
    matches: (r) => r.resourceType === 'DocumentReference',
  },
  get_conditions: {
    title: 'Diagnoses',
    description: 'Diagnosed conditions and problems (FHIR Condition).',
    category: 'diagnoses',
    matches: (r) => r.resourceType === 'Condition',
  },
  get_imaging: {
    title: 'Imaging reports',
    description: 'Radiology and imaging reports (FHIR DiagnosticReport, category RAD).',
    category: 'imaging_reports',
    matches: report('RAD'),
  },
  get_hospital_records: {
    title: 'Hospital records',
    description: 'Emergency and inpatient hospital stays (FHIR Encounter, class EMER or IMP).',
    category: 'hospital_records',
    matches: (r) => r.resourceType === 'Encounter' && ['EMER', 'IMP'].includes(encounterClass(r) ?? ''),
  },
  get_immunizations: {
    title: 'Immunizations',
    description: 'Vaccinations given (FHIR Immunization).',
    category: 'immunizations',
    matches: (r) => r.resourceType === 'Immunization',
  },
  get_procedures: {
    title: 'Procedures',
    description: 'Procedures and surgeries performed (FHIR Procedure).',
    category: 'procedures',
    matches: (r) => r.resourceType === 'Procedure',
  },
  get_allergies: {
    title: 'Allergies',
    description: 'Allergies and intolerances (FHIR AllergyIntolerance).',
    category: 'allergies',
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

/** Counts for the nine summary categories (every category present, zero included). */
export function summaryCounts(records: readonly FhirResource[]): Record<SummaryCategory, number> {
  const counts = Object.fromEntries(SUMMARY_CATEGORIES.map((category) => [category, 0])) as Record<SummaryCategory, number>;
  for (const query of Object.values(RECORD_QUERIES) as RecordQuery[]) {
    if (query.category) counts[query.category] += records.filter((resource) => query.matches(resource)).length;
  }
  return counts;
}
