/**
 * The terminal log of `npm start`: the service's own logger (same levels, same redaction) printed
 * as one readable line per event — time, level, message, then the few fields that matter — instead
 * of JSON. Production keeps JSON lines (server/main.ts), which log collectors parse.
 */
import type { DestinationStream, Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { createLogger } from '../../server/logger.js';

/**
 * Fields left out of the terminal: those every line carries, a request's own (its message says
 * them), and an audit event's chain fields (the message names the action and outcome).
 * LOG_FORMAT=json prints everything.
 */
const QUIET_FIELDS = 'pid,hostname,service,requestId,ip,method,path,status,ms,audit';

/** A request line reads `GET /readyz 200 9 ms`; every other line keeps its message. */
function messageFormat(line: Record<string, unknown>, messageKey: string): string {
  const message = String(line[messageKey] ?? '');
  if (message === 'request' && typeof line['method'] === 'string' && typeof line['path'] === 'string') {
    return `${line['method']} ${line['path']} ${String(line['status'] ?? '')} ${String(line['ms'] ?? '?')} ms`;
  }
  return message;
}

export function createDevLogger(level: string, options: { destination?: DestinationStream | NodeJS.WritableStream; colorize?: boolean } = {}): Logger {
  const pretty = PinoPretty({
    colorize: options.colorize ?? Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    ignore: QUIET_FIELDS,
    messageFormat,
    singleLine: true,
    sync: true,
    ...(options.destination ? { destination: options.destination } : {}),
  });
  return createLogger(level, pretty);
}
