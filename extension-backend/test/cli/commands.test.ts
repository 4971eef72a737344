// The HTTP commands of `drover` (tools, models, sessions) against the real backend, and how it fails: a backend
// that is not there, a token it refuses, a command line it cannot use.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cluster, MODEL, startStack, TOKENS, type Stack } from '../support/stack';
import { buildCli, runCli } from './run-cli';

// Only /commands and scripted answers are used here: no namespace of our own is needed (default is always there).
let stack: Stack;

const as = (token: string) => ({ DROVER_URL: stack.url, DROVER_TOKEN: token });

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  buildCli();
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('drover tools and drover models', () => {
  it('lists the tools as a table saying which read and which write', async () => {
    const run = await runCli(['tools'], as(TOKENS.viewer));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME +ACCESS +DESCRIPTION$/);
    expect(lines).toContainEqual(expect.stringMatching(/^k8s_get +read +\S/));
    expect(lines).toContainEqual(expect.stringMatching(/^k8s_scale +write +Set the replicas of a workload/));
  });

  it('gives the tools as JSON with --json', async () => {
    const run = await runCli(['tools', '--json'], as(TOKENS.viewer));
    const tools = JSON.parse(run.stdout) as { name: string; readOnly: boolean }[];
    expect(tools).toContainEqual(expect.objectContaining({ name: 'helm_list', readOnly: true }));
  });

  it('shows the configured model and whether Ollama has it', async () => {
    const run = await runCli(['models'], as(TOKENS.viewer));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Ollama at ${stack.ollama.url}: reachable`);
    expect(run.stdout).toMatch(new RegExp(`^${MODEL} +main +yes$`, 'm'));
  });
});

describe('drover sessions', () => {
  it('lists, replays, exports, renames and deletes a conversation', async () => {
    const first = await runCli(['ask', '--json', '/get namespaces'], as(TOKENS.viewer));
    const sessionId = (JSON.parse(first.stdout.split('\n')[0]) as { sessionId: string }).sessionId;
    stack.ollama.script({ text: 'The default namespace is there.' });
    expect((await runCli(['ask', '--session', sessionId, 'which namespaces exist?'], as(TOKENS.viewer))).code).toBe(0);

    const list = await runCli(['sessions'], as(TOKENS.viewer));
    expect(list.stdout).toMatch(new RegExp(`^${sessionId} +.+ +/get namespaces$`, 'm'));

    const show = await runCli(['sessions', 'show', sessionId], as(TOKENS.viewer));
    expect(show.code).toBe(0);
    const replay = show.stdout.split('\n');
    expect(replay.slice(0, 2)).toEqual(['/get namespaces', expect.stringMatching(new RegExp(`^${sessionId} · started `))]);
    const order = ['› /get namespaces', '→ k8s_get {kind: namespace}', '› which namespaces exist?', 'The default namespace is there.'].map(
      (line) => replay.indexOf(line),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(replay).toContainEqual(expect.stringMatching(/^ {2}default +Active/));

    const file = join(mkdtempSync(join(tmpdir(), 'drover-cli-')), 'talk.md');
    const exported = await runCli(['sessions', 'export', sessionId, '-o', file], as(TOKENS.viewer));
    expect(exported.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# \/get namespaces\n[\s\S]*The default namespace is there\./);

    expect((await runCli(['sessions', 'rename', sessionId, 'Namespaces tour'], as(TOKENS.viewer))).stdout).toBe(
      `Renamed ${sessionId} to "Namespaces tour"\n`,
    );
    expect((await runCli(['sessions', 'list'], as(TOKENS.viewer))).stdout).toMatch(new RegExp(`^${sessionId} +.+ +Namespaces tour$`, 'm'));

    expect((await runCli(['sessions', 'delete', sessionId], as(TOKENS.viewer))).code).toBe(0);
    const gone = await runCli(['sessions', 'show', sessionId], as(TOKENS.viewer));
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`drover: no session ${sessionId}\n`);
  });

  it("does not show another user's sessions", async () => {
    const mine = await runCli(['ask', '--json', `/get pods -n ${cluster.editorNamespace}`], as(TOKENS.editor));
    const sessionId = (JSON.parse(mine.stdout.split('\n')[0]) as { sessionId: string }).sessionId;
    const theirs = await runCli(['sessions', 'show', sessionId], as(TOKENS.viewer));
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toBe(`drover: no session ${sessionId}\n`);
    const ask = await runCli(['ask', '--session', sessionId, `/get pods -n ${cluster.editorNamespace}`], as(TOKENS.viewer));
    expect(ask.code).toBe(1);
    expect(ask.stderr).toContain(`error: no session ${sessionId}`);
  });
});

describe('failures', () => {
  it('says which backend it could not reach and how to start one, with exit code 3', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [['tools'], ['ask', 'hello']]) {
      const run = await runCli(args, { DROVER_URL: url, DROVER_TOKEN: TOKENS.viewer });
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        `drover: cannot reach the Drover backend at ${url} (connection refused). Start one with \`npm start\`, or point --url / DROVER_URL at a running one.\n`,
      );
    }
  });

  it('says to set DROVER_TOKEN when the token is refused or missing, with exit code 4, and never prints the token', async () => {
    const token = 'not-a-real-token-7f3a9c';
    for (const args of [['sessions'], ['ask', 'hello']]) {
      const run = await runCli(args, { DROVER_URL: stack.url, DROVER_TOKEN: token });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('did not accept your token: set DROVER_TOKEN');
      expect(run.stdout + run.stderr).not.toContain(token);
    }
    const anonymous = await runCli(['models'], { DROVER_URL: stack.url });
    expect(anonymous.code).toBe(4);
    expect(anonymous.stderr).toContain('needs a token: set DROVER_TOKEN (or --token)');
    const pasted = await runCli(['tools'], { DROVER_URL: stack.url, DROVER_TOKEN: `${TOKENS.viewer}\n${TOKENS.admin}` });
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toBe(
      'drover: DROVER_TOKEN / --token holds spaces, line breaks or other characters no token has: set it to the token alone (see drover --help)\n',
    );
  });

  it('refuses a command line it cannot use with exit code 2, and explains itself with --help', async () => {
    const unknown = await runCli(['frobnicate'], {});
    expect(unknown).toMatchObject({ code: 2, stderr: 'drover: unknown command "frobnicate" (see drover --help)\n' });
    expect((await runCli(['tools', '--session', 'x'], {})).stderr).toContain('--session does not apply to drover tools');
    expect((await runCli(['sessions', 'rename', 'only-id'], {})).stderr).toContain('usage: drover sessions rename ID "title"');
    expect((await runCli(['tools', '--url', 'ftp://example.com'], {})).code).toBe(2);

    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('drover ask "question"');
    expect(help.stdout).toContain('--answers-from-stdin');
    expect(help.stdout).toContain('Examples:');
    expect((await runCli(['--version'], {})).stdout).toMatch(/^drover \d+\.\d+\.\d+\n$/);
  });
});
