import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';

/** Small enough for any of the sandbox's forms; anything larger is not a browser filling them in. */
const MAX_FORM_BYTES = 16 * 1024;

// Run per form route, not app-wide: oidc-provider parses its own endpoints' bodies, so no body parser
// may run before it.
const parseForm = bodyParser({ enableTypes: ['form'], formLimit: MAX_FORM_BYTES, encoding: 'utf-8' });

/**
 * Reads an `application/x-www-form-urlencoded` request body (through @koa/bodyparser), as
 * URLSearchParams so that repeated fields (the provider checkboxes) keep every value.
 */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new FormError(415, 'Expected a form submission (application/x-www-form-urlencoded).');
  }
  try {
    await parseForm(ctx, async () => {});
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new FormError(status === 413 ? 413 : 400, status === 413 ? 'The form submission is too large.' : 'The form submission could not be read.');
  }
  return new URLSearchParams(ctx.request.rawBody ?? '');
}

export class FormError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FormError';
  }
}
