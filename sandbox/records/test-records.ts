/**
 * Synthetic FHIR R4 records for the sandbox's three test patients. Nothing here is real. Every
 * clinical date is an offset back from today (`ago(years, months, days)`), so the records never
 * age out of a window and a demo looks the same next year; they span more than three years (Ben's
 * diabetes is ten years old), so HealthEx's 3-year default window is exercised. Counts
 * differ per patient and per provider so that tests can tell them apart, and Ben has no allergies
 * at all (the "nothing in this category" case). Carmen has no hospital records.
 *
 * Record access is limited to the providers a patient chose at consent, and the sandbox's consent
 * page ticks the first provider (Riverside Health) by default, so each patient has something there.
 */
import { TEST_PATIENTS } from '../test-data.js';
import { SYSTEMS, recordBuilder, type Coding, type FhirResource } from './fhir-builders.js';

const snomed = (code: string, display: string): Coding => ({ system: SYSTEMS.snomed, code, display });
const loinc = (code: string, display: string): Coding => ({ system: SYSTEMS.loinc, code, display });
const rxnorm = (code: string, display: string): Coding => ({ system: SYSTEMS.rxnorm, code, display });
const cvx = (code: string, display: string): Coding => ({ system: SYSTEMS.cvx, code, display });

/** Days as offsets back from `today` (YYYY-MM-DD), and a UTC time on such a day. */
function offsetsFrom(today: string) {
  const ago = (years: number, months: number, days: number): string => {
    const date = new Date(`${today}T00:00:00Z`);
    date.setUTCFullYear(date.getUTCFullYear() - years, date.getUTCMonth() - months, date.getUTCDate() - days);
    return date.toISOString().slice(0, 10);
  };
  const at = (day: string, time: string): string => `${day}T${time}:00Z`;
  return { ago, at };
}
type Offsets = ReturnType<typeof offsetsFrom>;

const RIVERSIDE = 'riverside-health';
const NORTHLAKE = 'northlake-clinic';
const VALLEY = 'valley-labs';

function ava({ ago, at }: Offsets): FhirResource[] {
  const r = recordBuilder('patient-ava', 'ava');
  return [
    r.condition(RIVERSIDE, snomed('59621000', 'Essential hypertension'), ago(5, 10, 18)),
    r.condition(RIVERSIDE, snomed('367498001', 'Seasonal allergic rhinitis'), ago(16, 11, 29)),
    r.condition(NORTHLAKE, snomed('40930008', 'Hypothyroidism'), ago(3, 6, 1)),

    r.observation(RIVERSIDE, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), ago(0, 1, 18), 5.6, '%'),
    r.observation(RIVERSIDE, 'laboratory', loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation'), ago(0, 1, 18), 118, 'mg/dL'),
    r.observation(RIVERSIDE, 'laboratory', loinc('3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma'), ago(0, 1, 18), 2.1, 'm[IU]/L'),
    r.observation(RIVERSIDE, 'laboratory', loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'), ago(0, 1, 18), 94, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), ago(0, 5, 29), 13.4, 'g/dL'),
    r.observation(VALLEY, 'laboratory', loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), ago(0, 5, 29), 0.82, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('1989-3', '25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma'), ago(0, 5, 29), 28, 'ng/mL'),
    r.report(RIVERSIDE, 'LAB', loinc('24331-1', 'Lipid panel - Serum or Plasma'), ago(0, 1, 18), 'LDL slightly above goal.'),

    r.bloodPressure(RIVERSIDE, ago(0, 1, 25), 134, 86),
    r.observation(RIVERSIDE, 'vital-signs', loinc('8867-4', 'Heart rate'), ago(0, 1, 25), 72, '/min'),
    r.observation(RIVERSIDE, 'vital-signs', loinc('29463-7', 'Body weight'), ago(0, 1, 25), 68.5, 'kg'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('39156-5', 'Body mass index (BMI) [Ratio]'), ago(0, 4, 12), 24.1, 'kg/m2'),

    r.medication(RIVERSIDE, rxnorm('314076', 'Lisinopril 10 MG Oral Tablet'), ago(0, 10, 18), 'One tablet by mouth daily'),
    r.medication(RIVERSIDE, rxnorm('1014678', 'Cetirizine hydrochloride 10 MG Oral Tablet'), ago(1, 0, 0), 'One tablet daily as needed in spring'),
    r.medication(NORTHLAKE, rxnorm('966222', 'Levothyroxine Sodium 0.05 MG Oral Tablet'), ago(3, 6, 0), 'One tablet every morning before breakfast'),

    r.procedure(RIVERSIDE, snomed('177300000', 'Excision of skin lesion'), ago(1, 8, 11)),
    r.procedure(NORTHLAKE, snomed('173291009', 'Simple extraction of tooth'), ago(3, 0, 24)),

    r.immunization(RIVERSIDE, cvx('158', 'influenza, injectable, quadrivalent'), ago(0, 5, 17)),
    r.immunization(RIVERSIDE, cvx('115', 'Tdap'), ago(4, 9, 29)),
    r.immunization(RIVERSIDE, cvx('308', 'COVID-19, mRNA, spikevax'), ago(0, 5, 0)),

    r.allergy(RIVERSIDE, snomed('91936005', 'Allergy to penicillin'), 'medication', 'Hives', 'high'),
    r.allergy(RIVERSIDE, snomed('91935009', 'Allergy to peanut'), 'food', 'Swelling of lips', 'high'),

    r.report(RIVERSIDE, 'RAD', loinc('36643-5', 'XR Chest 2 Views'), ago(0, 3, 30), 'No acute cardiopulmonary process.'),
    r.report(NORTHLAKE, 'RAD', loinc('24842-7', 'US Thyroid'), ago(3, 6, 9), 'Diffusely heterogeneous thyroid without nodules.'),

    r.encounter(RIVERSIDE, 'AMB', at(ago(0, 1, 25), '09:00'), at(ago(0, 1, 25), '09:30'), 'Hypertension follow-up'),
    r.encounter(RIVERSIDE, 'AMB', at(ago(0, 3, 30), '14:00'), at(ago(0, 3, 30), '14:20'), 'Persistent cough'),
    r.encounter(RIVERSIDE, 'AMB', at(ago(0, 10, 18), '10:00'), at(ago(0, 10, 18), '10:40'), 'Annual physical'),
    r.encounter(RIVERSIDE, 'EMER', at(ago(1, 8, 12), '22:10'), at(ago(1, 8, 11), '03:00'), 'Allergic reaction'),
    r.encounter(NORTHLAKE, 'AMB', at(ago(0, 4, 12), '08:30'), at(ago(0, 4, 12), '09:00'), 'Thyroid check'),

    r.visitNote(RIVERSIDE, ago(0, 1, 25), 'Hypertension follow-up', 'BP 134/86. Continue lisinopril, recheck in 3 months.'),
    r.visitNote(RIVERSIDE, ago(0, 3, 30), 'Cough', 'Chest X-ray clear. Likely post-viral cough; supportive care.'),
    r.visitNote(RIVERSIDE, ago(0, 10, 18), 'Annual physical', 'Well adult visit. Labs ordered. Vaccines up to date.'),
    r.visitNote(NORTHLAKE, ago(0, 4, 12), 'Thyroid check', 'TSH within range on levothyroxine 50 mcg. No change.'),
  ];
}

function ben({ ago, at }: Offsets): FhirResource[] {
  const r = recordBuilder('patient-ben', 'ben');
  return [
    r.condition(NORTHLAKE, snomed('44054006', 'Diabetes mellitus type 2'), ago(10, 0, 22)),
    r.condition(NORTHLAKE, snomed('55822004', 'Hyperlipidemia'), ago(8, 7, 10)),
    r.condition(NORTHLAKE, snomed('239873007', 'Osteoarthritis of knee'), ago(5, 2, 17)),
    r.condition(NORTHLAKE, snomed('73430006', 'Sleep apnea'), ago(6, 9, 26)),
    r.condition(RIVERSIDE, snomed('235595009', 'Gastroesophageal reflux disease'), ago(2, 6, 19)),

    r.observation(NORTHLAKE, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), ago(0, 2, 12), 7.2, '%'),
    r.observation(NORTHLAKE, 'laboratory', loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'), ago(0, 2, 12), 142, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation'), ago(0, 2, 12), 96, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma'), ago(0, 2, 12), 188, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('33914-3', 'Glomerular filtration rate/1.73 sq M.predicted'), ago(0, 2, 12), 78, 'mL/min/{1.73_m2}'),
    r.observation(VALLEY, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), ago(0, 8, 14), 7.6, '%'),
    r.observation(VALLEY, 'laboratory', loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), ago(0, 8, 14), 1.05, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('14959-1', 'Microalbumin/Creatinine [Mass Ratio] in Urine'), ago(0, 8, 14), 22, 'mg/g'),
    r.observation(VALLEY, 'laboratory', loinc('2823-3', 'Potassium [Moles/volume] in Serum or Plasma'), ago(0, 8, 14), 4.3, 'mmol/L'),

    r.bloodPressure(NORTHLAKE, ago(0, 2, 12), 128, 80),
    r.observation(NORTHLAKE, 'vital-signs', loinc('8867-4', 'Heart rate'), ago(0, 2, 12), 78, '/min'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('29463-7', 'Body weight'), ago(0, 2, 12), 96.2, 'kg'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('39156-5', 'Body mass index (BMI) [Ratio]'), ago(0, 2, 12), 31.4, 'kg/m2'),

    r.medication(NORTHLAKE, rxnorm('860975', 'Metformin hydrochloride 500 MG Extended Release Oral Tablet'), ago(10, 0, 22), 'Two tablets with dinner'),
    r.medication(NORTHLAKE, rxnorm('617311', 'Atorvastatin 40 MG Oral Tablet'), ago(8, 7, 10), 'One tablet at bedtime'),
    r.medication(NORTHLAKE, rxnorm('310965', 'Ibuprofen 200 MG Oral Tablet'), ago(5, 2, 17), 'One to two tablets every 6 hours as needed'),
    r.medication(RIVERSIDE, rxnorm('198053', 'Omeprazole 20 MG Delayed Release Oral Capsule'), ago(2, 6, 19), 'One capsule before breakfast'),

    r.procedure(NORTHLAKE, snomed('609588000', 'Total knee replacement'), ago(2, 0, 18)),
    r.procedure(NORTHLAKE, snomed('60554003', 'Polysomnography'), ago(6, 10, 3)),
    r.procedure(RIVERSIDE, snomed('1919006', 'Upper gastrointestinal endoscopy'), ago(2, 5, 28)),

    r.immunization(NORTHLAKE, cvx('158', 'influenza, injectable, quadrivalent'), ago(0, 5, 24)),
    r.immunization(NORTHLAKE, cvx('216', 'Pneumococcal conjugate PCV 20, polysaccharide CRM197 conjugate'), ago(1, 4, 29)),
    r.immunization(RIVERSIDE, cvx('187', 'zoster recombinant'), ago(2, 6, 19)),

    r.report(NORTHLAKE, 'RAD', loinc('37631-9', 'XR Knee Views'), ago(2, 4, 1), 'Severe medial compartment osteoarthritis, right knee.'),
    r.report(NORTHLAKE, 'RAD', loinc('24590-2', 'MR Knee'), ago(2, 2, 20), 'Tricompartmental degenerative change; no fracture.'),

    r.encounter(NORTHLAKE, 'AMB', at(ago(0, 2, 12), '11:00'), at(ago(0, 2, 12), '11:30'), 'Diabetes follow-up'),
    r.encounter(NORTHLAKE, 'AMB', at(ago(0, 8, 14), '09:00'), at(ago(0, 8, 14), '09:20'), 'Diabetes follow-up'),
    r.encounter(NORTHLAKE, 'AMB', at(ago(1, 11, 20), '15:00'), at(ago(1, 11, 20), '15:30'), 'Post-operative check'),
    r.encounter(NORTHLAKE, 'IMP', at(ago(2, 0, 18), '07:00'), at(ago(2, 0, 15), '12:00'), 'Total knee replacement'),
    r.encounter(RIVERSIDE, 'AMB', at(ago(2, 6, 19), '13:00'), at(ago(2, 6, 19), '13:30'), 'Heartburn'),
    r.encounter(RIVERSIDE, 'EMER', at(ago(2, 7, 0), '01:30'), at(ago(2, 7, 0), '05:00'), 'Chest pain, cardiac cause ruled out'),

    r.visitNote(NORTHLAKE, ago(0, 2, 12), 'Diabetes follow-up', 'A1c 7.2%, improving. Continue metformin; dietitian referral.'),
    r.visitNote(NORTHLAKE, ago(0, 8, 14), 'Diabetes follow-up', 'A1c 7.6%. Increase metformin to 1000 mg.'),
    r.visitNote(NORTHLAKE, ago(1, 11, 20), 'Post-operative check', 'Knee healing well. Continue physiotherapy.'),
    r.visitNote(RIVERSIDE, ago(2, 6, 19), 'Heartburn', 'Symptoms of GERD. Start omeprazole; endoscopy scheduled.'),
  ];
}

function carmen({ ago, at }: Offsets): FhirResource[] {
  const r = recordBuilder('patient-carmen', 'carmen');
  return [
    r.condition(RIVERSIDE, snomed('195967001', 'Asthma'), ago(24, 1, 12)),
    r.condition(VALLEY, snomed('87522002', 'Iron deficiency anemia'), ago(0, 9, 20), 'resolved'),

    r.observation(RIVERSIDE, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), ago(0, 0, 29), 12.9, 'g/dL'),
    r.observation(VALLEY, 'laboratory', loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma'), ago(0, 9, 20), 9, 'ng/mL'),
    r.observation(VALLEY, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), ago(0, 9, 20), 10.8, 'g/dL'),

    r.bloodPressure(RIVERSIDE, ago(0, 0, 29), 112, 70),
    r.observation(RIVERSIDE, 'vital-signs', loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'), ago(0, 0, 29), 98, '%'),

    r.medication(RIVERSIDE, rxnorm('745679', 'Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'), ago(1, 7, 0), 'Two puffs every 4 hours as needed'),
    r.medication(RIVERSIDE, rxnorm('896188', 'Fluticasone propionate 0.11 MG/ACTUAT Metered Dose Inhaler'), ago(1, 7, 0), 'Two puffs twice daily'),

    r.procedure(RIVERSIDE, snomed('127783003', 'Spirometry'), ago(1, 7, 8)),

    r.immunization(RIVERSIDE, cvx('165', 'HPV9'), ago(12, 6, 26)),
    r.immunization(RIVERSIDE, cvx('165', 'HPV9'), ago(12, 0, 26)),
    r.immunization(RIVERSIDE, cvx('158', 'influenza, injectable, quadrivalent'), ago(0, 5, 11)),
    r.immunization(RIVERSIDE, cvx('308', 'COVID-19, mRNA, spikevax'), ago(0, 5, 11)),

    r.allergy(RIVERSIDE, snomed('300916003', 'Latex allergy'), 'environment', 'Contact dermatitis', 'low'),

    r.report(RIVERSIDE, 'RAD', loinc('36643-5', 'XR Chest 2 Views'), ago(1, 7, 8), 'Lungs clear. No hyperinflation.'),

    r.encounter(RIVERSIDE, 'AMB', at(ago(0, 0, 29), '10:00'), at(ago(0, 0, 29), '10:20'), 'Asthma review'),
    r.encounter(RIVERSIDE, 'AMB', at(ago(1, 7, 8), '16:00'), at(ago(1, 7, 8), '16:45'), 'Shortness of breath on exertion'),

    r.visitNote(RIVERSIDE, ago(0, 0, 29), 'Asthma review', 'Well controlled on fluticasone. Rescue inhaler twice a month.'),
    r.visitNote(RIVERSIDE, ago(1, 7, 8), 'Shortness of breath', 'Spirometry consistent with mild persistent asthma. Start controller.'),
  ];
}

function patientResource(id: string, gender: 'female' | 'male'): FhirResource {
  const patient = TEST_PATIENTS.find((candidate) => candidate.id === id)!;
  const [given = '', ...family] = patient.name.split(' ');
  return {
    resourceType: 'Patient',
    id,
    // The Patient resource is HealthEx's own (the account), not a provider's, so it is always visible.
    meta: { source: 'https://sandbox.healthex.test' },
    name: [{ text: patient.name, given: [given], family: family.join(' ') }],
    gender,
    birthDate: patient.birthDate,
  };
}

const PEOPLE: ReadonlyArray<readonly [string, 'female' | 'male', (offsets: Offsets) => FhirResource[]]> = [
  ['patient-ava', 'female', ava],
  ['patient-ben', 'male', ben],
  ['patient-carmen', 'female', carmen],
];

/** The records as of one day (the last day asked for is kept: dates change only at midnight UTC). */
let built: { today: string; records: ReadonlyMap<string, readonly FhirResource[]> } | undefined;

/** Every resource of a test patient (including the Patient resource) as of `today` (YYYY-MM-DD, default: today in UTC), or an empty list. */
export function recordsOf(patientId: string, today: string = new Date().toISOString().slice(0, 10)): readonly FhirResource[] {
  if (built?.today !== today) {
    const offsets = offsetsFrom(today);
    built = { today, records: new Map(PEOPLE.map(([id, gender, records]) => [id, Object.freeze([patientResource(id, gender), ...records(offsets)])])) };
  }
  return built.records.get(patientId) ?? [];
}
