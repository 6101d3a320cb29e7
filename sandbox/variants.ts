/**
 * Where HealthEx's documentation is silent (docs/healthex-api.md, "unknown"), the sandbox can
 * play each reasonable variant, so the connect service is tested against all of them and depends
 * on none. Everything else the sandbox does is the documented behaviour, with no switch.
 */

export interface SandboxVariants {
  /** The HTTP status that carries the JSON-RPC error -32001 "Unauthorized" (unknown). */
  unauthorizedStatus: 401 | 403 | 200;
  /** Whether the authorization response carries RFC 9207 `iss` (unknown; never advertised in metadata). */
  callbackIss: boolean;
  /** MCP answers as one JSON body or as an SSE stream (both allowed by the documented Accept header). */
  mcpResponses: 'json' | 'sse';
  /** The text format inside a list tool's result (unknown): a JSON array, a JSON object, or text lines. */
  listFormat: 'json-array' | 'json-object' | 'text-lines';
  /** Whether presenting an already rotated refresh token again also revokes the whole grant (unknown). */
  refreshReuseRevokesGrant: boolean;
  /** How `update_records` says "rate limited" (unknown): a JSON-RPC error, or a tool error text with or without a retry time. */
  rateLimitSignal: 'jsonrpc-error' | 'tool-error' | 'tool-error-with-retry';
}

export const DEFAULT_VARIANTS: Readonly<SandboxVariants> = Object.freeze({
  unauthorizedStatus: 401,
  callbackIss: false,
  mcpResponses: 'json',
  listFormat: 'json-array',
  refreshReuseRevokesGrant: true,
  rateLimitSignal: 'jsonrpc-error',
});

/**
 * Three variant sets that between them play every value of every unknown at least once: the test
 * suite runs the client and the readiness check against each.
 */
export const VARIANT_SETS: Readonly<Record<string, Readonly<SandboxVariants>>> = Object.freeze({
  'json-401': DEFAULT_VARIANTS,
  'sse-200': Object.freeze({
    unauthorizedStatus: 200,
    callbackIss: true,
    mcpResponses: 'sse',
    listFormat: 'json-object',
    refreshReuseRevokesGrant: false,
    rateLimitSignal: 'tool-error-with-retry',
  }),
  'text-403': Object.freeze({
    unauthorizedStatus: 403,
    callbackIss: true,
    mcpResponses: 'sse',
    listFormat: 'text-lines',
    refreshReuseRevokesGrant: true,
    rateLimitSignal: 'tool-error',
  }),
} satisfies Record<string, SandboxVariants>);

export type VariantSetName = keyof typeof VARIANT_SETS;

/** `SANDBOX_VARIANTS=sse-200` (a set's name) for `main.ts` and the readiness check; unknown names are refused. */
export function variantsFromName(name: string | undefined): SandboxVariants {
  if (name === undefined || name === '') return { ...DEFAULT_VARIANTS };
  const set = VARIANT_SETS[name];
  if (!set) throw new Error(`unknown sandbox variant set "${name}" (known: ${Object.keys(VARIANT_SETS).join(', ')})`);
  return { ...set };
}
