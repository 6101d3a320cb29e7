/** Where the tRPC router is mounted (trpc-route.ts); the other middleware use it to tell tRPC's paths from Koa's. */
export const TRPC_PREFIX = '/trpc/';
