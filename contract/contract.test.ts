/**
 * The contract's values keep the promises both sides rely on: codes are unique and in the shape the
 * widget accepts from a callback message (it drops anything else), the callback's URL parameters are
 * distinct and namespaced (the widget strips exactly these from the return URL), and the type guard
 * knows every code and nothing more.
 */
import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES, ATTEMPT_PARAM, AUTHORIZATION_RESULTS, CONNECTION_STATES, DISPLAY_MODES, ERROR_PARAM, isAppErrorCode, MESSAGE_SOURCE, RESULT_PARAM } from './index.js';

describe('error codes', () => {
  it('are unique, upper-case words the widget accepts in a callback message', () => {
    expect(new Set(APP_ERROR_CODES).size).toBe(APP_ERROR_CODES.length);
    for (const code of APP_ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z_]{0,63}$/);
  });

  it('isAppErrorCode knows each code and refuses anything else', () => {
    for (const code of APP_ERROR_CODES) expect(isAppErrorCode(code)).toBe(true);
    for (const other of ['internal', 'NETWORK', 'POPUP_BLOCKED', '', 42, null, undefined, ['INTERNAL']]) expect(isAppErrorCode(other)).toBe(false);
  });
});

describe('the callback protocol', () => {
  it('uses three distinct, namespaced URL parameters', () => {
    const names = [RESULT_PARAM, ERROR_PARAM, ATTEMPT_PARAM];
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name).toMatch(/^healthex_[a-z]+$/);
  });

  it('names its message source and its three results', () => {
    expect(MESSAGE_SOURCE).toBe('healthex-connect');
    expect([...AUTHORIZATION_RESULTS].sort()).toEqual(['authorized', 'denied', 'error']);
  });
});

it('lists the four connection states and the two display modes', () => {
  expect([...CONNECTION_STATES]).toEqual(['not_connected', 'authorized', 'connected', 'reauth_required']);
  expect([...DISPLAY_MODES]).toEqual(['popup', 'redirect']);
});
