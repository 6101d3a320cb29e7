/**
 * Small builders for the sandbox's synthetic FHIR R4 resources, so the test data reads as a table.
 * Each resource names the provider it came from in `meta.source`, which is how the sandbox limits
 * a token's records to the providers the patient chose at consent.
 */

export type FhirResource = { resourceType: string; id: string; meta: { source: string } } & Record<string, unknown>;

export interface Coding {
  system: string;
  code: string;
  display: string;
}

const PROVIDER_SOURCE = 'https://sandbox.healthex.test/providers/';

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  diagnosticService: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  documentCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
} as const;

export function providerOf(resource: FhirResource): string | undefined {
  const source = resource.meta.source;
  return source.startsWith(PROVIDER_SOURCE) ? source.slice(PROVIDER_SOURCE.length) : undefined;
}

const concept = (coding: Coding) => ({ coding: [coding], text: coding.display });

/** Builds one patient's resources with ids `<prefix>-<type>-<n>` (stable across restarts). */
export function recordBuilder(patientId: string, idPrefix: string) {
  const counters = new Map<string, number>();
  const subject = { reference: `Patient/${patientId}` };
  const base = (resourceType: string, provider: string): FhirResource => {
    const n = (counters.get(resourceType) ?? 0) + 1;
    counters.set(resourceType, n);
    return { resourceType, id: `${idPrefix}-${resourceType.toLowerCase()}-${n}`, meta: { source: PROVIDER_SOURCE + provider } };
  };

  return {
    condition: (provider: string, code: Coding, onset: string, status: 'active' | 'resolved' = 'active') => ({
      ...base('Condition', provider),
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: status }] },
      category: [{ coding: [{ system: SYSTEMS.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }] }],
      code: concept(code),
      subject,
      onsetDateTime: onset,
    }),

    /** A laboratory or vital-signs Observation with one quantity. */
    observation: (provider: string, category: 'laboratory' | 'vital-signs', code: Coding, date: string, value: number, unit: string) => ({
      ...base('Observation', provider),
      status: 'final',
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: category }] }],
      code: concept(code),
      subject,
      effectiveDateTime: date,
      valueQuantity: { value, unit, system: SYSTEMS.ucum, code: unit },
    }),

    bloodPressure: (provider: string, date: string, systolic: number, diastolic: number) => ({
      ...base('Observation', provider),
      status: 'final',
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'vital-signs' }] }],
      code: concept({ system: SYSTEMS.loinc, code: '85354-9', display: 'Blood pressure panel' }),
      subject,
      effectiveDateTime: date,
      component: [
        { code: concept({ system: SYSTEMS.loinc, code: '8480-6', display: 'Systolic blood pressure' }), valueQuantity: { value: systolic, unit: 'mm[Hg]', system: SYSTEMS.ucum, code: 'mm[Hg]' } },
        { code: concept({ system: SYSTEMS.loinc, code: '8462-4', display: 'Diastolic blood pressure' }), valueQuantity: { value: diastolic, unit: 'mm[Hg]', system: SYSTEMS.ucum, code: 'mm[Hg]' } },
      ],
    }),

    medication: (provider: string, code: Coding, authoredOn: string, dosage: string) => ({
      ...base('MedicationRequest', provider),
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: concept(code),
      subject,
      authoredOn,
      dosageInstruction: [{ text: dosage }],
    }),

    procedure: (provider: string, code: Coding, performed: string) => ({
      ...base('Procedure', provider),
      status: 'completed',
      code: concept(code),
      subject,
      performedDateTime: performed,
    }),

    immunization: (provider: string, vaccine: Coding, date: string) => ({
      ...base('Immunization', provider),
      status: 'completed',
      vaccineCode: concept(vaccine),
      patient: subject,
      occurrenceDateTime: date,
      primarySource: true,
    }),

    allergy: (provider: string, code: Coding, category: 'medication' | 'food' | 'environment', reaction: string, criticality: 'low' | 'high') => ({
      ...base('AllergyIntolerance', provider),
      clinicalStatus: { coding: [{ system: SYSTEMS.allergyClinical, code: 'active' }] },
      type: 'allergy',
      category: [category],
      criticality,
      code: concept(code),
      patient: subject,
      reaction: [{ manifestation: [{ text: reaction }] }],
    }),

    /** A DiagnosticReport: `RAD` (imaging) or `LAB` (a panel grouping lab Observations). */
    report: (provider: string, service: 'RAD' | 'LAB', code: Coding, date: string, conclusion: string) => ({
      ...base('DiagnosticReport', provider),
      status: 'final',
      category: [{ coding: [{ system: SYSTEMS.diagnosticService, code: service, display: service === 'RAD' ? 'Radiology' : 'Laboratory' }] }],
      code: concept(code),
      subject,
      effectiveDateTime: date,
      issued: `${date}T12:00:00Z`,
      conclusion,
    }),

    /** `AMB` is an office visit; `EMER` and `IMP` (inpatient) are hospital records. */
    encounter: (provider: string, kind: 'AMB' | 'EMER' | 'IMP', start: string, end: string, reason: string) => ({
      ...base('Encounter', provider),
      status: 'finished',
      class: { system: SYSTEMS.actCode, code: kind, display: { AMB: 'ambulatory', EMER: 'emergency', IMP: 'inpatient encounter' }[kind] },
      subject,
      period: { start, end },
      reasonCode: [{ text: reason }],
    }),

    visitNote: (provider: string, date: string, title: string, text: string) => ({
      ...base('DocumentReference', provider),
      status: 'current',
      type: concept({ system: SYSTEMS.loinc, code: '11506-3', display: 'Progress note' }),
      category: [{ coding: [{ system: SYSTEMS.documentCategory, code: 'clinical-note', display: 'Clinical Note' }] }],
      subject,
      date: `${date}T12:00:00Z`,
      description: title,
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text).toString('base64'), title } }],
    }),
  };
}
