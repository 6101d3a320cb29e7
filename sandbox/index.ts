/**
 * healthex-sandbox: a local stand-in for HealthEx that implements only what HealthEx documents
 * (OAuth 2.1 authorization server with dynamic client registration, PKCE, refresh tokens, token
 * revocation, the records MCP endpoint), with synthetic patients, and a headless patient that
 * completes the HealthEx pages for tests. Where HealthEx leaves an answer undocumented, a variant
 * per reasonable answer can be played (`variants`). Test data only; never run it in production.
 */
export * from './start-sandbox.js';
export { AuthorizationPageError, completeAuthorization, type CompleteAuthorizationOptions } from './complete-authorization.js';
