/**
 * What production needs that the demo and the tests do without. With NODE_ENV=production the
 * service refuses to start unless it has a real database (MONGODB_URI: the embedded engine keeps
 * nothing across restarts), an encryption key ring, trusted issuers and a public https URL, and
 * talks to HealthEx over https, and counts rate limits in the shared store. Everything missing is reported at once, in the one configuration
 * message (config.ts), by variable name.
 */
const PRODUCTION = 'required when NODE_ENV=production';

function isHttps(value: string | undefined): boolean {
  try {
    return value !== undefined && new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

const blank = (value: string | undefined) => !value?.trim();

/** The production-only problems with `env`, each starting with the variable it is about. */
export function productionReadinessProblems(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (blank(env.MONGODB_URI)) {
    problems.push(`MONGODB_URI: ${PRODUCTION} (a replica set or Atlas; the embedded engine is for the demo and tests only and loses every connection on restart)`);
  }
  if (blank(env.TOKEN_ENCRYPTION_KEYS)) problems.push(`TOKEN_ENCRYPTION_KEYS: an encryption key ring (kid:base64key[,…]) is ${PRODUCTION}`);
  if (blank(env.TOKEN_ENCRYPTION_ACTIVE_KEY)) problems.push(`TOKEN_ENCRYPTION_ACTIVE_KEY: the kid that encrypts new values is ${PRODUCTION}`);
  if (blank(env.CONNECT_TOKEN_ISSUERS)) problems.push(`CONNECT_TOKEN_ISSUERS: at least one trusted issuer (a JSON array) is ${PRODUCTION}`);
  if (!isHttps(env.PUBLIC_URL)) problems.push(`PUBLIC_URL: the service's public https:// URL is ${PRODUCTION}${blank(env.PUBLIC_URL) ? '' : ` (got ${JSON.stringify(env.PUBLIC_URL)})`}`);
  // The loopback-http allowance is for the local sandbox; production HealthEx is https only.
  if (env.HEALTHEX_ISSUER !== undefined && !isHttps(env.HEALTHEX_ISSUER)) problems.push(`HEALTHEX_ISSUER: must be an https:// URL when NODE_ENV=production`);
  if (env.HEALTHEX_MCP_URL !== undefined && !isHttps(env.HEALTHEX_MCP_URL)) problems.push(`HEALTHEX_MCP_URL: must be an https:// URL when NODE_ENV=production`);
  // Memory counts are per process: N instances would each allow the whole limit (docs/SCALING.md).
  if (env.RATE_LIMIT_STORE === 'memory') problems.push(`RATE_LIMIT_STORE: "memory" counts per process and is refused when NODE_ENV=production (use mongodb, the default, so all processes share one limit)`);
  return problems;
}

/** `problems` with the production ones first; a general problem about a variable already named there is dropped. */
export function withProductionReadiness(env: NodeJS.ProcessEnv, problems: string[]): string[] {
  const production = productionReadinessProblems(env);
  const named = new Set(production.map((problem) => problem.slice(0, problem.indexOf(':'))));
  return [...production, ...problems.filter((problem) => !named.has(problem.slice(0, problem.indexOf(':'))))];
}
