// Type-checks the UI extension's own code, .vue templates included (vue-tsc; the build's checker skips .vue files).
// The shell's sources are compiled along because the extension imports them; their own loose spots are theirs,
// so only problems in pkg/ fail the check.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const ERROR_START = /^\S.*\(\d+,\d+\): error TS/;

const res = spawnSync(join(ROOT, 'node_modules', '.bin', 'vue-tsc'), ['-p', 'pkg/drover/tsconfig.vue-tsc.json'], { cwd: ROOT, encoding: 'utf8' });
if (res.error) throw res.error;
// An error's message continues on indented lines: keep each of ours with all of its lines.
const ours: string[] = [];
let inOurs = false;
for (const line of res.stdout.split('\n')) {
  if (ERROR_START.test(line)) inOurs = line.startsWith('pkg/');
  if (inOurs) ours.push(line);
}
if (ours.length) {
  console.log(ours.join('\n'));
  console.log(`vue-tsc: ${ ours.filter((l) => ERROR_START.test(l)).length } error(s) in pkg/`);
  process.exit(1);
}
if (res.status !== 0 && !res.stdout.includes('error TS')) {
  console.log(res.stdout, res.stderr);
  process.exit(res.status ?? 1);
}
console.log('vue-tsc: no errors in pkg/');
