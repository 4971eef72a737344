// The UI's side of the wire: frames are checked against the shared protocol before any component sees them.
import { parseServerEvent, type ClientMessage, type Parsed, type ServerEvent } from '@drover/protocol';

export function decodeServerEvent(frame: unknown): Parsed<ServerEvent> {
  if (typeof frame !== 'string') return { ok: false, error: 'binary frames are not part of the protocol' };

  return parseServerEvent(frame);
}

export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}
