/**
 * "N active" for the Diagnoses, Medications and Allergies tiles, from `get_health_summary`, which
 * HealthEx documents as listing active conditions, current medications and allergies — but not in
 * which text format. One format is recognised exactly: a single JSON object with the arrays
 * `activeConditions`, `currentMedications` and `allergies` of named entries (what the sandbox
 * plays). Anything else gives no "active" numbers at all, and the tiles add nothing.
 */
import { z } from 'zod';
import { describeShape } from './list-answer.js';
import { RecordsTokenRejectedError, type McpRecordsSession, type ToolAnswer } from './mcp-records-client.js';
import type { CountedCategoryId } from './records-contract.js';

export type ActiveCounts = Partial<Record<Extract<CountedCategoryId, 'diagnoses' | 'medications' | 'allergies'>, number>>;

const named = z.array(z.object({ name: z.string().min(1) }).passthrough());
const summary = z
  .object({
    age: z.number().int().nullable(),
    dateOfBirth: z.string().nullable(),
    gender: z.string().nullable(),
    activeConditions: named,
    currentMedications: named,
    allergies: named,
    latestVitals: z.record(z.string(), z.string()),
    lastVisitDate: z.string().nullable(),
    primaryCareProvider: z.string().nullable(),
  })
  .strict();

/** The active counts in a recognised get_health_summary answer; null when the format is not recognised. */
export function readActiveCounts(answer: ToolAnswer): ActiveCounts | null {
  if (answer.texts.length !== 1) return null;
  let json: unknown;
  try {
    json = JSON.parse(answer.texts[0]!);
  } catch {
    return null;
  }
  const parsed = summary.safeParse(json);
  if (!parsed.success) return null;
  return { diagnoses: parsed.data.activeConditions.length, medications: parsed.data.currentMedications.length, allergies: parsed.data.allergies.length };
}

/** Asks get_health_summary where offered; null when it is not, fails, or answers in a format not recognised. */
export async function activeCounts(session: McpRecordsSession, offered: ReadonlySet<string>, reportShape: (tool: string, shape: string) => void): Promise<ActiveCounts | null> {
  if (!offered.has('get_health_summary')) return null;
  try {
    const answer = await session.call('get_health_summary');
    const counts = readActiveCounts(answer);
    // Logged once per shape, like an unrecognised list answer: the tiles add no "active" numbers.
    if (counts === null) reportShape('get_health_summary', describeShape(answer));
    return counts;
  } catch (error) {
    if (error instanceof RecordsTokenRejectedError) throw error;
    return null;
  }
}
