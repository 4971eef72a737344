import { createTokenAuthenticator, readCredential } from '../../src/identity/credentials';
import { AuthError, type UserIdentity } from '../../src/identity/types';

describe('readCredential', () => {
  it.each([
    ['a bearer token', { authorization: 'Bearer abc.def' }, 'abc.def'],
    ["a bearer token whatever the scheme's case", { authorization: 'bearer abc' }, 'abc'],
    ['the R_SESS cookie among others', { cookie: 'CSRF=x; R_SESS=token-1:secret=; R_LOCALE=en' }, 'token-1:secret='],
    ['R_SESS in the second of several Cookie headers', { cookie: ['a=1', 'R_SESS=token-2:s'] }, 'token-2:s'],
    ['the bearer token over the cookie', { authorization: 'Bearer header-token', cookie: 'R_SESS=cookie-token' }, 'header-token'],
    ['the cookie when Authorization is not a bearer token', { authorization: 'Basic dTpw', cookie: 'R_SESS=cookie-token' }, 'cookie-token'],
  ])('reads %s', (_case, headers, expected) => {
    expect(readCredential(headers)).toBe(expected);
  });

  it.each([
    ['no headers', {}],
    ['basic auth', { authorization: 'Basic dTpw' }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['an empty R_SESS cookie', { cookie: 'R_SESS=' }],
    ['a cookie whose name only ends in R_SESS', { cookie: 'X_R_SESS=abc' }],
  ])('finds nothing in %s', (_case, headers) => {
    expect(readCredential(headers)).toBeUndefined();
  });
});

describe('token cache', () => {
  const identity: UserIdentity = { id: 'u', name: 'u', groups: [], mode: 'standalone' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  function countingAuthenticator(maxEntries: number) {
    const checked: string[] = [];
    const auth = createTokenAuthenticator(
      async (token) => {
        checked.push(token);
        if (token === 'bad') throw new AuthError('token is not valid');
        return identity;
      },
      { ttlMs: 60_000, maxEntries },
    );
    return { auth, checked };
  }

  it('drops the oldest token once full', async () => {
    const { auth, checked } = countingAuthenticator(2);
    for (const token of ['a', 'b', 'c', 'b', 'c', 'a']) await auth.authenticate(bearer(token));
    expect(checked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('checks a refused token every time', async () => {
    const { auth, checked } = countingAuthenticator(10);
    await expect(auth.authenticate(bearer('bad'))).rejects.toBeInstanceOf(AuthError);
    await expect(auth.authenticate(bearer('bad'))).rejects.toBeInstanceOf(AuthError);
    expect(checked).toEqual(['bad', 'bad']);
  });
});
