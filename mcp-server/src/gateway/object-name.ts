// The name a create request gives its object, from its body: JSON (kubectl, helm's manifests) or Kubernetes'
// protobuf envelope (client-go's typed clients, e.g. helm writing its release records). The protobuf reader
// walks just far enough: Unknown.raw (field 2) → the object's metadata (field 1) → name (field 1).

const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

/** The length-delimited field `field` of a protobuf message, or undefined. Linear in the message. */
function lengthDelimited(message: Buffer, field: number): Buffer | undefined {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= message.length) throw new RangeError('truncated');
      const byte = message[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError('varint too long');
  };
  try {
    while (at < message.length) {
      const key = varint();
      const wire = key & 7;
      if (wire === 2) {
        const length = varint();
        if (at + length > message.length) return undefined;
        if (key >>> 3 === field) return message.subarray(at, at + length);
        at += length;
      } else if (wire === 0) varint();
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function nameInBody(body: Buffer): string | undefined {
  if (body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    const raw = lengthDelimited(body.subarray(4), 2);
    const metadata = raw && lengthDelimited(raw, 1);
    const name = metadata && lengthDelimited(metadata, 1);
    return name?.toString('utf8') || undefined;
  }
  const doc = jsonBody(body);
  const name = (doc?.metadata as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

export function jsonBody(body: Buffer): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(body.toString('utf8'));
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // protobuf or YAML
  }
}
