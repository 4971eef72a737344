// Parsing at the boundary: a raw frame becomes a typed message, or an error that says what was wrong.
import type { z } from 'zod';
import { ClientMessageSchema, type ClientMessage } from './client-messages';
import { ServerEventSchema, type ServerEvent } from './events';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `${issue.message}${where}` };
}

export const parseClientMessage = (raw: string): Parsed<ClientMessage> => parseWith(ClientMessageSchema, raw);
export const parseServerEvent = (raw: string): Parsed<ServerEvent> => parseWith(ServerEventSchema, raw);
