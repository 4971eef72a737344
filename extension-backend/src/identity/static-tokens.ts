// Demo mode: users listed in a file of kube-apiserver's --token-auth-file format, one per line:
//   token,user,uid,"group1,group2"     (the groups column is optional)
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTokenAuthenticator } from './credentials';
import { AuthError, type Authenticator } from './types';

interface StaticUser {
  /** Only the token's SHA-256 is kept: equal lengths for a constant-time compare, and no token in memory dumps. */
  tokenHash: Buffer;
  name: string;
  groups: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** One CSV record: commas separate fields, double quotes protect commas, "" is a literal quote. */
function splitCsvLine(line: string): string[] | undefined {
  const fields = [''];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      fields[fields.length - 1] += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) fields.push('');
    else fields[fields.length - 1] += c;
  }
  return quoted ? undefined : fields;
}

function parseTokenFile(text: string, file: string): StaticUser[] {
  const users: StaticUser[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const fields = splitCsvLine(line);
    const [token, name, , groups = ''] = fields ?? [];
    if (!fields || fields.length < 3 || !token || !name) {
      throw new Error(`${file} line ${index + 1}: expected token,user,uid[,"group1,group2"]`);
    }
    const tokenHash = sha256(token);
    if (users.some((user) => user.tokenHash.equals(tokenHash))) throw new Error(`${file} line ${index + 1}: this token is already listed`);
    users.push({ tokenHash, name, groups: groups.split(',').filter(Boolean) });
  });
  return users;
}

/** Reads the file now, so a bad file fails at startup. */
export function createStaticTokenAuthenticator(file: string): Authenticator {
  const users = parseTokenFile(readFileSync(file, 'utf8'), file);
  return createTokenAuthenticator(async (token) => {
    const presented = sha256(token);
    let match: StaticUser | undefined;
    // Every entry is compared, so the time taken does not tell how far down the list a token is.
    for (const user of users) if (timingSafeEqual(user.tokenHash, presented)) match = user;
    if (!match) throw new AuthError('token is not valid');
    return { id: match.name, name: match.name, groups: [...match.groups], mode: 'standalone' };
  });
}
