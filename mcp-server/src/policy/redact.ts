// Secrets never reach the model. Objects: Secret data/stringData become "<redacted N bytes>", values under
// sensitive names (env vars and other {name, value} entries, ConfigMap keys, helm values, the argument of a secret
// flag) are masked, and noise (managedFields, the last-applied annotation, which can hold a whole Secret) is dropped.
// Free text (logs, events, exec output, errors): anything shaped like a credential is masked. A value that redaction
// hid is also hidden where it is echoed (a chart's notes, a copy in an annotation): see maskValues and redactAlike.

/* eslint-disable @typescript-eslint/no-explicit-any */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

// Words that make a name (env var, ConfigMap key, helm value, flag, key=value in text) hold a secret. A bare "key"
// does not (labels, selectors); a key named after what it signs, encrypts or authenticates does.
const SECRET_WORDS =
  String.raw`passw(?:or)?d|passphrase|secret|token|credential|dsn|connection[-_]?string` +
  String.raw`|(?:api|access|private|auth|signing|sign|encryption|enc|crypt|master|hmac|session|client|jwt|cert(?:ificate)?)[-_]?key`;
// Names in objects also count a bare "pass" or "pwd" (PGPASS, DB_PWD); in free text they are too common (bypass, PWD=/root).
const SENSITIVE_KEY = new RegExp(`pass|pwd|${SECRET_WORDS}`, 'i');
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const REDACTED = '<redacted>';
/** Hidden values shorter than this are masked only where a whole string equals them: inside text they mask noise. */
const MIN_ECHO_CHARS = 6;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

// ---- Objects ----

/** Replaces a value by the marker, remembering the text it held (when asked) so it can be hidden wherever it is echoed. */
function hide(value: Json, hidden: Set<string> | undefined, marker = REDACTED): string {
  if (hidden && typeof value === 'string' && value) hidden.add(value);
  return marker;
}

function redactedBytes(value: Json, base64: boolean, hidden: Set<string> | undefined): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const bytes = base64 ? Buffer.from(text, 'base64') : Buffer.from(text);
  // A copy elsewhere may hold the decoded value as well as the base64 one.
  if (base64) hide(bytes.toString('utf8'), hidden);
  return hide(value, hidden, `<redacted ${bytes.length} bytes>`);
}

const isScalar = (value: Json | undefined) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const FLAG = /^(?<flag>--?(?<name>[\w.-]{1,64}))(?:=(?<value>[\s\S]*))?$/;

/** Container arguments: the value of --secret=… and the argument after a bare --password. */
function maskFlagArgs(args: Json | undefined, hidden: Set<string> | undefined): void {
  if (!Array.isArray(args)) return;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = typeof arg === 'string' ? FLAG.exec(arg)?.groups : undefined;
    if (!flag || !isSensitiveKey(flag.name)) continue;
    const next = args[i + 1];
    if (flag.value !== undefined) args[i] = `${flag.flag}=${hide(flag.value, hidden)}`;
    else if (typeof next === 'string' && !next.startsWith('-')) args[i + 1] = hide(next, hidden);
  }
}

/**
 * Anywhere in a tree (pod specs embedded in workload templates, ControllerRevisions, PodTemplates, CRDs; helm values):
 * the value of a {name, value} entry whose name is sensitive (env vars, parameters), and in a container (anything with
 * an image) the arguments of secret flags. Visits each node once.
 */
function maskNamedValues(root: Json, hidden: Set<string> | undefined): void {
  const pending: Json[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
      continue;
    }
    const { name, value } = node;
    if (typeof name === 'string' && isSensitiveKey(name) && isScalar(value)) node.value = hide(value, hidden);
    if (typeof node.image === 'string') {
      maskFlagArgs(node.args, hidden);
      maskFlagArgs(node.command, hidden);
    }
    for (const child of Object.values(node)) if (child && typeof child === 'object') pending.push(child);
  }
}

/** What depends on the kind: metadata noise, Secret values, ConfigMap keys that name secrets; the items of lists alike. */
function redactKinds(obj: Obj, hidden: Set<string> | undefined): void {
  const meta = obj.metadata as Obj | undefined;
  if (meta && typeof meta === 'object') {
    delete meta.managedFields;
    const annotations = meta.annotations as Obj | undefined;
    if (annotations?.[LAST_APPLIED] !== undefined) {
      hide(annotations[LAST_APPLIED], hidden);
      delete annotations[LAST_APPLIED];
    }
  }
  if (obj.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const data = obj[field] as Obj | undefined;
      if (data && typeof data === 'object') for (const k of Object.keys(data)) data[k] = redactedBytes(data[k], field === 'data', hidden);
    }
  }
  if (obj.kind === 'ConfigMap' && obj.data && typeof obj.data === 'object') {
    const data = obj.data as Obj;
    for (const k of Object.keys(data)) if (isSensitiveKey(k)) data[k] = redactedBytes(data[k], false, hidden);
  }
  if (Array.isArray(obj.items)) {
    // API lists (SecretList…) do not repeat the kind on their items; without it a Secret would not be recognised.
    const itemKind = typeof obj.kind === 'string' && obj.kind.endsWith('List') ? obj.kind.slice(0, -4) : undefined;
    obj.items = obj.items.map((item) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
      const typed: Obj = !item.kind && itemKind ? { kind: itemKind, ...item } : item;
      redactKinds(typed, hidden);
      return typed;
    });
  }
}

/** Redacts one Kubernetes object (or list), returning a copy; the values it hid are added to `hidden` when given. */
export function redactObject(input: unknown, hidden?: Set<string>): any {
  const obj = structuredClone(input) as Json;
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) redactKinds(obj, hidden);
  maskNamedValues(obj, hidden);
  return obj;
}

/**
 * Helm values and similar free-form trees: everything under a sensitive key (or the value of a {name, value} entry
 * with a sensitive name) is masked, its shape kept so the model still sees what is set; in lists of arguments, the
 * values of secret flags.
 */
export function redactValues(input: unknown, hidden?: Set<string>): Json {
  const walk = (node: Json, secret: boolean): Json => {
    if (Array.isArray(node)) {
      const items = node.map((n) => walk(n, secret));
      if (!secret) maskFlagArgs(items, hidden);
      return items;
    }
    if (node && typeof node === 'object') {
      const named = typeof node.name === 'string' && isSensitiveKey(node.name);
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [k, walk(v, secret || isSensitiveKey(k) || (named && k === 'value'))]),
      );
    }
    if (!secret || node === null) return node;
    // Short free-form values (a user name, a token's label) are too common to hide wherever else they appear.
    return hide(node, typeof node === 'string' && node.length >= MIN_ECHO_CHARS ? hidden : undefined);
  };
  return walk((input ?? null) as Json, false);
}

// ---- Values echoed elsewhere ----

/** Masks the given values wherever they occur (a whole string equal to one, or any occurrence of one long enough). */
function echoMasker(values: Set<string>): (text: string) => string {
  const long = [...values].filter((v) => v.length >= MIN_ECHO_CHARS).sort((a, b) => b.length - a.length);
  // Longest first, so a value that starts another one never leaves the other's tail visible.
  const pattern = long.length ? new RegExp(long.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
  return (text) => (values.has(text) ? REDACTED : pattern ? text.replace(pattern, REDACTED) : text);
}

/** Text with the values redaction hid elsewhere masked too (a helm value a chart's notes echo). */
export function maskValues(text: string, values: Set<string>): string {
  return values.size ? echoMasker(values)(text) : text;
}

/** Applies `f` to every string in a tree, in place. */
function mapStrings(root: Json, f: (s: string) => string): void {
  const pending: Json[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!node || typeof node !== 'object') continue;
    const entries: [string | number, Json][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [k, v] of entries) {
      if (typeof v === 'string') (node as any)[k] = f(v);
      else if (v && typeof v === 'object') pending.push(v);
    }
  }
}

/**
 * Objects shown side by side (a plan's before and after), redacted alike: a value hidden in any of them is hidden
 * wherever it appears in all of them (a secret env value copied into an annotation by a JSON patch).
 */
export function redactAlike(objects: unknown[], alsoHidden?: Set<string>): any[] {
  const hidden = new Set(alsoHidden);
  const redacted = objects.map((o) => (o === undefined || o === null ? o : redactObject(o, hidden)));
  if (hidden.size) {
    const mask = echoMasker(hidden);
    for (const o of redacted) mapStrings(o, mask);
  }
  return redacted;
}

// ---- Free text ----
// Each rule finds where a secret starts with a pattern whose repeats are all bounded (test/policy/redact.test.ts
// checks), so trying it at one position costs a constant; the secret after it is scanned forward once, and the search
// resumes behind it. Masking is therefore linear in the text whatever it holds (the old rules, with open-ended
// repeats, took seconds on 80 KB of `a-a-a-…`).

interface TextRule {
  /** Where a secret starts (a global pattern, bounded repeats only). Kept in the output unless `whole`. */
  start: RegExp;
  /** Where the secret that follows the match ends (scanning forward; the match's end itself when there is none). */
  end: (text: string, m: RegExpExecArray) => number;
  /** Fewest characters worth masking: shorter ones are placeholders, flags or empty values. */
  min: number;
  marker: string;
  /** The match is part of the secret (a token's prefix), not a name kept to say what was masked. */
  whole?: boolean;
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
/** An optional quote, escaped up to three levels deep (JSON quoted inside JSON inside JSON, as API errors do). */
const QUOTE = String.raw`(?:\\{0,7}["'])?`;
/** The quote that opens a value; its escaping tells where the value ends. */
const OPENING = String.raw`(?<quote>\\{0,7}["'])?`;
const ASSIGN = String.raw`[ \t]{0,8}[=:][ \t]{0,8}`;

const PLAIN_VALUE = /[^\s"',;]*/y;
const TOKEN_CHARS = /[\w.+/=-]*/y;
const WORD_CHARS = /[\w-]*/y;
const URL_PASSWORD = /[^\s@/]*/y;
const HTTP_CREDENTIALS = /[\w.~+/=-]*/y;
const PEM_END = /-----END [A-Z ]{0,40}PRIVATE KEY-----/g;
/** After "the token is", a plain word (expired, forbidden:, a) is a statement about the token, not the token. */
const PLAIN_WORD = /^[A-Za-z][a-z]*[.,:;!?]?$/;
/** The rest of a name that makes its value about the secret rather than the secret: one of its fields
 *  (secretKeyRef.key), a reference or a setting (secretName, PASSWORD_FILE, tokenExpirationSeconds, --token-ttl). */
const ABOUT_THE_SECRET = /\.|(?:name|ref|path|file|dir|seconds|ttl|type|length|size)$/i;

/** End of the run of characters a sticky one-class pattern accepts, from `from`. */
function runEnd(text: string, from: number, chars: RegExp): number {
  chars.lastIndex = from;
  chars.test(text);
  return chars.lastIndex;
}

const after = (m: RegExpExecArray) => m.index + m[0].length;

/** Where a quoted value ends: at the quote that closes it, written with no more backslashes than the opening one
 *  (JSON inside JSON escapes its inner quotes more deeply), at a line break, or at the end of the text. */
function quotedEnd(text: string, from: number, opening: string): number {
  const quote = opening.charCodeAt(opening.length - 1);
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return i;
    if (c !== quote) continue;
    if (opening === "'" && text.charCodeAt(i + 1) === quote) {
      i++; // YAML writes a quote inside single quotes as ''
      continue;
    }
    let slashes = 0;
    while (i - slashes > from && text.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes < opening.length) return i - slashes;
  }
  return text.length;
}

/** The value after a name: quoted (to its closing quote) or plain (to a space, quote, comma or semicolon). */
function valueEnd(text: string, m: RegExpExecArray): number {
  const from = after(m);
  // A marker (<redacted 8 bytes>) or a placeholder (<none>, <string>) is not a secret.
  if (text.charCodeAt(from) === 0x3c) return from;
  const quote = m.groups?.quote;
  if (quote) return quotedEnd(text, from, quote);
  let end = runEnd(text, from, PLAIN_VALUE);
  while (end > from && text.charCodeAt(end - 1) === BACKSLASH) end--; // the escape of a quote closing an outer string
  return end;
}

const TEXT_RULES: TextRule[] = [
  // PEM private keys: the whole block, to its END line (or to the end of the text when it was cut).
  {
    start: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/g,
    whole: true,
    min: 0,
    marker: '<masked private key>',
    end: (text, m) => {
      PEM_END.lastIndex = after(m);
      return PEM_END.exec(text) ? PEM_END.lastIndex : text.length;
    },
  },
  // JWTs and other base64 JSON ("eyJ" encodes '{"'), such as service account tokens: the whole token.
  {
    start: /eyJ(?<![\w+/.-]eyJ)[\w+/-]{17}/g,
    whole: true,
    min: 0,
    marker: '<masked token>',
    end: (text, m) => runEnd(text, after(m), TOKEN_CHARS),
  },
  // Tokens that name their issuer: GitHub (ghp_…), GitLab (glpat-…), Slack (xoxb-…), OpenAI (sk-…, sk-proj-…), Stripe (sk_live_…, rk_test_…).
  {
    start:
      /\b(?:gh[pousr]_[A-Za-z0-9]{30}|glpat-[\w-]{20}|xox[abprs]-[\w-]{10}|sk-(?:proj-)?[A-Za-z0-9]{20}|[sr]k_(?:live|test)_[A-Za-z0-9]{10})/g,
    whole: true,
    min: 0,
    marker: '<masked token>',
    end: (text, m) => runEnd(text, after(m), WORD_CHARS),
  },
  // AWS access key ids.
  { start: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, whole: true, min: 0, marker: '<masked aws key>', end: (_, m) => after(m) },
  // Passwords in URLs: scheme://user:password@host (the user stays).
  {
    start: /:\/\/[^\s:@/]{0,256}:/g,
    min: 1,
    marker: '<masked>',
    end: (text, m) => {
      const end = runEnd(text, after(m), URL_PASSWORD);
      return text[end] === '@' ? end : after(m);
    },
  },
  // HTTP credentials: Bearer <token>, Basic <base64>.
  { start: /\b(?:bearer|basic)[ \t]{1,8}/gi, min: 8, marker: '<masked>', end: (text, m) => runEnd(text, after(m), HTTP_CREDENTIALS) },
  // An env entry quoted as text (errors, logs): {"name":"DB_PASSWORD","value":"…"}, the same JSON escaped inside
  // JSON, Go's {Name: "DB_PASSWORD", Value: "…"} and {Name:DB_PASSWORD,Value:…}, map[name:DB_PASSWORD value:…], YAML.
  {
    start: new RegExp(
      String.raw`\bname${QUOTE}${ASSIGN}${QUOTE}(?<name>[\w.-]{1,128})${QUOTE}[ \t]{0,8}(?:,[ \t]{0,8}|\r?\n[ \t]{0,32}|[ \t])` +
        String.raw`${QUOTE}value${QUOTE}${ASSIGN}${OPENING}`,
      'gi',
    ),
    min: 1,
    marker: '<masked>',
    end: (text, m) => (isSensitiveKey(m.groups!.name) ? valueEnd(text, m) : after(m)),
  },
  // A secret flag whose value is the next argument: --password hunter2, ["--token","…"] (JSON, at any depth), YAML's
  // "- --secret" then "- …" (--secret=… is a named value, below).
  {
    start: new RegExp(
      String.raw`(?<![\w.-])--?[\w.-]{0,32}?(?:${SECRET_WORDS}|pass|pwd)(?<key>[\w.-]{0,32})${QUOTE}` +
        String.raw`(?:[ \t]{1,8}|[ \t]{0,8},[ \t]{0,8}|\r?\n[ \t]{0,32}-[ \t]{1,8})${OPENING}`,
      'gi',
    ),
    min: 3,
    marker: '<masked>',
    end: (text, m) => (text[after(m)] === '-' || ABOUT_THE_SECRET.test(m.groups!.key) ? after(m) : valueEnd(text, m)),
  },
  // A value after a name that says it is secret: password=…, "apiKey": "…", \"token\":\"…\" (JSON inside JSON),
  // SIGNING_KEY: …, --secret=…, Pwd=… in connection strings, "the password is …" in logs and events. The rest of
  // the name is taken whole even when no value follows, so a run of names (passwordpassword…) is read once. A quoted
  // name is followed by its separator at once ("token": …), so in `volume "x-token" : secret "y"` nothing is masked.
  {
    start: new RegExp(
      String.raw`(?:${SECRET_WORDS}|pwd(?<=;[ \t]{0,8}pwd))(?=(?<key>[\w.-]{0,128}))\k<key>` +
        String.raw`(?<assign>(?:\\{0,7}["'][=:][ \t]{0,8}|${ASSIGN}|[ \t]{1,8}(?<is>is)[ \t]{1,8})${OPENING})?`,
      'gi',
    ),
    min: 3,
    marker: '<masked>',
    end: (text, m) => {
      const { assign, key, is } = m.groups!;
      if (!assign || ABOUT_THE_SECRET.test(key)) return after(m);
      const end = valueEnd(text, m);
      // "is" follows only the word itself ("the password is …", not "secrets is forbidden").
      return is && (key || PLAIN_WORD.test(text.slice(after(m), end))) ? after(m) : end;
    },
  },
];

/** Where the bracketed value that opened just before `from` closes (the closing bracket itself stays). */
function bracketEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i;
  }
  return text.length;
}

// Errors quote whole objects (an invalid patch makes the API server print the object it patched, JSON-escaped).
const ERROR_RULES: TextRule[] = [
  // The last-applied annotation: the whole object as last applied, Secret values and env values included.
  {
    start: new RegExp(String.raw`last-applied-configuration${QUOTE}[ \t]{0,8}[=:]\s{0,8}(?:(?<quote>\\{0,7}["'])|(?<bracket>[{[]))?`, 'g'),
    min: 1,
    marker: REDACTED,
    end: (text, m) => {
      if (m.groups?.quote) return quotedEnd(text, after(m), m.groups.quote);
      if (m.groups?.bracket) return bracketEnd(text, after(m));
      const line = text.indexOf('\n', after(m));
      return line < 0 ? text.length : line;
    },
  },
  // The data of a Secret (or ConfigMap) quoted in JSON at any depth, as a Go struct or as a Go map: the brackets stay.
  // (Not a bare "[", which opens validation messages: "error validating data: [ValidationError(…)…]".)
  {
    start: new RegExp(String.raw`\b(?:data|stringData)${QUOTE}${ASSIGN}(?:map\[[\w.]{0,16}\](?:\[\])?[\w.]{0,16}\{|map\[|\{)`, 'gi'),
    min: 1,
    marker: REDACTED,
    end: (text, m) => bracketEnd(text, after(m)),
  },
];

function applyRule(text: string, rule: TextRule): string {
  const { start } = rule;
  let out = '';
  let copied = 0;
  start.lastIndex = 0;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const from = after(m);
    const end = rule.end(text, m);
    if (end - from >= rule.min) {
      out += text.slice(copied, rule.whole ? m.index : from) + rule.marker;
      copied = end;
    }
    start.lastIndex = Math.max(end, from);
  }
  return copied ? out + text.slice(copied) : text;
}

export function maskText(text: string): string {
  return TEXT_RULES.reduce(applyRule, text);
}

/** Error text: maskText, plus what quoted objects hold (the last-applied annotation, Secret and ConfigMap data). */
export function maskError(text: string): string {
  return maskText(ERROR_RULES.reduce(applyRule, text));
}

/** How far past a cut masking looks, so that a secret the cut splits is still recognised (longer than any rule's start). */
const CUT_MARGIN = 512;

/** The first `maxChars` of a text, masked, with `ellipsis` when cut: linear in what is shown, not in the whole text. */
export function maskCut(text: string, maxChars: number, ellipsis = '…'): string {
  if (text.length <= maxChars) return maskText(text);
  return `${maskText(text.slice(0, maxChars + CUT_MARGIN)).slice(0, maxChars)}${ellipsis}`;
}

/** The start patterns of the text rules, for the test that checks every repeat in them is bounded. */
export const TEXT_RULE_STARTS: readonly RegExp[] = [...TEXT_RULES, ...ERROR_RULES].map((r) => r.start);
