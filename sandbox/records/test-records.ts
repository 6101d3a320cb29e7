/**
 * Synthetic FHIR R4 records for the sandbox's three test patients. Nothing here is real. Counts
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

const RIVERSIDE = 'riverside-health';
const NORTHLAKE = 'northlake-clinic';
const VALLEY = 'valley-labs';

function ava(): FhirResource[] {
  const r = recordBuilder('patient-ava', 'ava');
  return [
    r.condition(RIVERSIDE, snomed('59621000', 'Essential hypertension'), '2019-05-14'),
    r.condition(RIVERSIDE, snomed('367498001', 'Seasonal allergic rhinitis'), '2008-04-02'),
    r.condition(NORTHLAKE, snomed('40930008', 'Hypothyroidism'), '2021-09-30'),

    r.observation(RIVERSIDE, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), '2025-02-11', 5.6, '%'),
    r.observation(RIVERSIDE, 'laboratory', loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation'), '2025-02-11', 118, 'mg/dL'),
    r.observation(RIVERSIDE, 'laboratory', loinc('3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma'), '2025-02-11', 2.1, 'm[IU]/L'),
    r.observation(RIVERSIDE, 'laboratory', loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'), '2025-02-11', 94, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), '2024-10-03', 13.4, 'g/dL'),
    r.observation(VALLEY, 'laboratory', loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), '2024-10-03', 0.82, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('1989-3', '25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma'), '2024-10-03', 28, 'ng/mL'),
    r.report(RIVERSIDE, 'LAB', loinc('24331-1', 'Lipid panel - Serum or Plasma'), '2025-02-11', 'LDL slightly above goal.'),

    r.bloodPressure(RIVERSIDE, '2025-02-04', 134, 86),
    r.observation(RIVERSIDE, 'vital-signs', loinc('8867-4', 'Heart rate'), '2025-02-04', 72, '/min'),
    r.observation(RIVERSIDE, 'vital-signs', loinc('29463-7', 'Body weight'), '2025-02-04', 68.5, 'kg'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('39156-5', 'Body mass index (BMI) [Ratio]'), '2024-11-19', 24.1, 'kg/m2'),

    r.medication(RIVERSIDE, rxnorm('314076', 'Lisinopril 10 MG Oral Tablet'), '2024-05-14', 'One tablet by mouth daily'),
    r.medication(RIVERSIDE, rxnorm('1014678', 'Cetirizine hydrochloride 10 MG Oral Tablet'), '2024-04-01', 'One tablet daily as needed in spring'),
    r.medication(NORTHLAKE, rxnorm('966222', 'Levothyroxine Sodium 0.05 MG Oral Tablet'), '2021-10-01', 'One tablet every morning before breakfast'),

    r.procedure(RIVERSIDE, snomed('177300000', 'Excision of skin lesion'), '2023-07-21'),
    r.procedure(NORTHLAKE, snomed('173291009', 'Simple extraction of tooth'), '2022-03-08'),

    r.immunization(RIVERSIDE, cvx('158', 'influenza, injectable, quadrivalent'), '2024-10-15'),
    r.immunization(RIVERSIDE, cvx('115', 'Tdap'), '2020-06-02'),
    r.immunization(RIVERSIDE, cvx('308', 'COVID-19, mRNA, spikevax'), '2024-11-01'),

    r.allergy(RIVERSIDE, snomed('91936005', 'Allergy to penicillin'), 'medication', 'Hives', 'high'),
    r.allergy(RIVERSIDE, snomed('91935009', 'Allergy to peanut'), 'food', 'Swelling of lips', 'high'),

    r.report(RIVERSIDE, 'RAD', loinc('36643-5', 'XR Chest 2 Views'), '2024-12-02', 'No acute cardiopulmonary process.'),
    r.report(NORTHLAKE, 'RAD', loinc('24842-7', 'US Thyroid'), '2021-09-22', 'Diffusely heterogeneous thyroid without nodules.'),

    r.encounter(RIVERSIDE, 'AMB', '2025-02-04T09:00:00Z', '2025-02-04T09:30:00Z', 'Hypertension follow-up'),
    r.encounter(RIVERSIDE, 'AMB', '2024-12-02T14:00:00Z', '2024-12-02T14:20:00Z', 'Persistent cough'),
    r.encounter(RIVERSIDE, 'AMB', '2024-05-14T10:00:00Z', '2024-05-14T10:40:00Z', 'Annual physical'),
    r.encounter(RIVERSIDE, 'EMER', '2023-07-20T22:10:00Z', '2023-07-21T03:00:00Z', 'Allergic reaction'),
    r.encounter(NORTHLAKE, 'AMB', '2024-11-19T08:30:00Z', '2024-11-19T09:00:00Z', 'Thyroid check'),

    r.visitNote(RIVERSIDE, '2025-02-04', 'Hypertension follow-up', 'BP 134/86. Continue lisinopril, recheck in 3 months.'),
    r.visitNote(RIVERSIDE, '2024-12-02', 'Cough', 'Chest X-ray clear. Likely post-viral cough; supportive care.'),
    r.visitNote(RIVERSIDE, '2024-05-14', 'Annual physical', 'Well adult visit. Labs ordered. Vaccines up to date.'),
    r.visitNote(NORTHLAKE, '2024-11-19', 'Thyroid check', 'TSH within range on levothyroxine 50 mcg. No change.'),
  ];
}

function ben(): FhirResource[] {
  const r = recordBuilder('patient-ben', 'ben');
  return [
    r.condition(NORTHLAKE, snomed('44054006', 'Diabetes mellitus type 2'), '2015-03-10'),
    r.condition(NORTHLAKE, snomed('55822004', 'Hyperlipidemia'), '2016-08-22'),
    r.condition(NORTHLAKE, snomed('239873007', 'Osteoarthritis of knee'), '2020-01-15'),
    r.condition(NORTHLAKE, snomed('73430006', 'Sleep apnea'), '2018-06-05'),
    r.condition(RIVERSIDE, snomed('235595009', 'Gastroesophageal reflux disease'), '2022-09-12'),

    r.observation(NORTHLAKE, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), '2025-01-20', 7.2, '%'),
    r.observation(NORTHLAKE, 'laboratory', loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'), '2025-01-20', 142, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation'), '2025-01-20', 96, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma'), '2025-01-20', 188, 'mg/dL'),
    r.observation(NORTHLAKE, 'laboratory', loinc('33914-3', 'Glomerular filtration rate/1.73 sq M.predicted'), '2025-01-20', 78, 'mL/min/{1.73_m2}'),
    r.observation(VALLEY, 'laboratory', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), '2024-07-18', 7.6, '%'),
    r.observation(VALLEY, 'laboratory', loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), '2024-07-18', 1.05, 'mg/dL'),
    r.observation(VALLEY, 'laboratory', loinc('14959-1', 'Microalbumin/Creatinine [Mass Ratio] in Urine'), '2024-07-18', 22, 'mg/g'),
    r.observation(VALLEY, 'laboratory', loinc('2823-3', 'Potassium [Moles/volume] in Serum or Plasma'), '2024-07-18', 4.3, 'mmol/L'),

    r.bloodPressure(NORTHLAKE, '2025-01-20', 128, 80),
    r.observation(NORTHLAKE, 'vital-signs', loinc('8867-4', 'Heart rate'), '2025-01-20', 78, '/min'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('29463-7', 'Body weight'), '2025-01-20', 96.2, 'kg'),
    r.observation(NORTHLAKE, 'vital-signs', loinc('39156-5', 'Body mass index (BMI) [Ratio]'), '2025-01-20', 31.4, 'kg/m2'),

    r.medication(NORTHLAKE, rxnorm('860975', 'Metformin hydrochloride 500 MG Extended Release Oral Tablet'), '2015-03-10', 'Two tablets with dinner'),
    r.medication(NORTHLAKE, rxnorm('617311', 'Atorvastatin 40 MG Oral Tablet'), '2016-08-22', 'One tablet at bedtime'),
    r.medication(NORTHLAKE, rxnorm('310965', 'Ibuprofen 200 MG Oral Tablet'), '2020-01-15', 'One to two tablets every 6 hours as needed'),
    r.medication(RIVERSIDE, rxnorm('198053', 'Omeprazole 20 MG Delayed Release Oral Capsule'), '2022-09-12', 'One capsule before breakfast'),

    r.procedure(NORTHLAKE, snomed('609588000', 'Total knee replacement'), '2023-03-14'),
    r.procedure(NORTHLAKE, snomed('60554003', 'Polysomnography'), '2018-05-29'),
    r.procedure(RIVERSIDE, snomed('1919006', 'Upper gastrointestinal endoscopy'), '2022-10-04'),

    r.immunization(NORTHLAKE, cvx('158', 'influenza, injectable, quadrivalent'), '2024-10-08'),
    r.immunization(NORTHLAKE, cvx('216', 'Pneumococcal conjugate PCV 20, polysaccharide CRM197 conjugate'), '2023-11-02'),
    r.immunization(RIVERSIDE, cvx('187', 'zoster recombinant'), '2022-09-12'),

    r.report(NORTHLAKE, 'RAD', loinc('37631-9', 'XR Knee Views'), '2022-11-30', 'Severe medial compartment osteoarthritis, right knee.'),
    r.report(NORTHLAKE, 'RAD', loinc('24590-2', 'MR Knee'), '2023-01-12', 'Tricompartmental degenerative change; no fracture.'),

    r.encounter(NORTHLAKE, 'AMB', '2025-01-20T11:00:00Z', '2025-01-20T11:30:00Z', 'Diabetes follow-up'),
    r.encounter(NORTHLAKE, 'AMB', '2024-07-18T09:00:00Z', '2024-07-18T09:20:00Z', 'Diabetes follow-up'),
    r.encounter(NORTHLAKE, 'AMB', '2023-04-11T15:00:00Z', '2023-04-11T15:30:00Z', 'Post-operative check'),
    r.encounter(NORTHLAKE, 'IMP', '2023-03-14T07:00:00Z', '2023-03-17T12:00:00Z', 'Total knee replacement'),
    r.encounter(RIVERSIDE, 'AMB', '2022-09-12T13:00:00Z', '2022-09-12T13:30:00Z', 'Heartburn'),
    r.encounter(RIVERSIDE, 'EMER', '2022-09-01T01:30:00Z', '2022-09-01T05:00:00Z', 'Chest pain, cardiac cause ruled out'),

    r.visitNote(NORTHLAKE, '2025-01-20', 'Diabetes follow-up', 'A1c 7.2%, improving. Continue metformin; dietitian referral.'),
    r.visitNote(NORTHLAKE, '2024-07-18', 'Diabetes follow-up', 'A1c 7.6%. Increase metformin to 1000 mg.'),
    r.visitNote(NORTHLAKE, '2023-04-11', 'Post-operative check', 'Knee healing well. Continue physiotherapy.'),
    r.visitNote(RIVERSIDE, '2022-09-12', 'Heartburn', 'Symptoms of GERD. Start omeprazole; endoscopy scheduled.'),
  ];
}

function carmen(): FhirResource[] {
  const r = recordBuilder('patient-carmen', 'carmen');
  return [
    r.condition(RIVERSIDE, snomed('195967001', 'Asthma'), '2001-02-17'),
    r.condition(VALLEY, snomed('87522002', 'Iron deficiency anemia'), '2024-06-11', 'resolved'),

    r.observation(RIVERSIDE, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), '2025-03-03', 12.9, 'g/dL'),
    r.observation(VALLEY, 'laboratory', loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma'), '2024-06-11', 9, 'ng/mL'),
    r.observation(VALLEY, 'laboratory', loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), '2024-06-11', 10.8, 'g/dL'),

    r.bloodPressure(RIVERSIDE, '2025-03-03', 112, 70),
    r.observation(RIVERSIDE, 'vital-signs', loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'), '2025-03-03', 98, '%'),

    r.medication(RIVERSIDE, rxnorm('745679', 'Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'), '2023-09-01', 'Two puffs every 4 hours as needed'),
    r.medication(RIVERSIDE, rxnorm('896188', 'Fluticasone propionate 0.11 MG/ACTUAT Metered Dose Inhaler'), '2023-09-01', 'Two puffs twice daily'),

    r.procedure(RIVERSIDE, snomed('127783003', 'Spirometry'), '2023-08-24'),

    r.immunization(RIVERSIDE, cvx('165', 'HPV9'), '2012-09-05'),
    r.immunization(RIVERSIDE, cvx('165', 'HPV9'), '2013-03-06'),
    r.immunization(RIVERSIDE, cvx('158', 'influenza, injectable, quadrivalent'), '2024-10-21'),
    r.immunization(RIVERSIDE, cvx('308', 'COVID-19, mRNA, spikevax'), '2024-10-21'),

    r.allergy(RIVERSIDE, snomed('300916003', 'Latex allergy'), 'environment', 'Contact dermatitis', 'low'),

    r.report(RIVERSIDE, 'RAD', loinc('36643-5', 'XR Chest 2 Views'), '2023-08-24', 'Lungs clear. No hyperinflation.'),

    r.encounter(RIVERSIDE, 'AMB', '2025-03-03T10:00:00Z', '2025-03-03T10:20:00Z', 'Asthma review'),
    r.encounter(RIVERSIDE, 'AMB', '2023-08-24T16:00:00Z', '2023-08-24T16:45:00Z', 'Shortness of breath on exertion'),

    r.visitNote(RIVERSIDE, '2025-03-03', 'Asthma review', 'Well controlled on fluticasone. Rescue inhaler twice a month.'),
    r.visitNote(RIVERSIDE, '2023-08-24', 'Shortness of breath', 'Spirometry consistent with mild persistent asthma. Start controller.'),
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

const RECORDS: ReadonlyMap<string, readonly FhirResource[]> = new Map([
  ['patient-ava', Object.freeze([patientResource('patient-ava', 'female'), ...ava()])],
  ['patient-ben', Object.freeze([patientResource('patient-ben', 'male'), ...ben()])],
  ['patient-carmen', Object.freeze([patientResource('patient-carmen', 'female'), ...carmen()])],
]);

/** Every resource of a test patient (including the Patient resource), or an empty list. */
export function recordsOf(patientId: string): readonly FhirResource[] {
  return RECORDS.get(patientId) ?? [];
}
