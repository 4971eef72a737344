// Accessibility checks with axe-core, run inside the page under test.
import { readFileSync } from 'node:fs';
import type { ElementContext, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements. */
  nodes: string[];
}

export interface AxeScope {
  /** Only check inside these elements (CSS selectors); the whole document otherwise. */
  include?: string | string[];
  /** Leave these elements out. */
  exclude?: string | string[];
}

let axeSource: string | undefined;

/** Runs axe on the page (injecting it once per document) and returns every violation. */
export async function axeViolations(page: Page, scope: AxeScope = {}): Promise<AxeViolation[]> {
  if (!await page.evaluate(() => 'axe' in globalThis)) {
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    // Evaluated rather than added as a <script>: a page's Content-Security-Policy (the chat page's forbids inline
    // scripts) does not apply to the test's own evaluation.
    await page.evaluate(axeSource);
  }
  const list = (s: string | string[] | undefined) => (s === undefined ? undefined : [s].flat());
  return page.evaluate(async({ include, exclude }) => {
    const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const context = { include: include ?? ['html'], ...(exclude ? { exclude } : {}) } as ElementContext;
    const results = await axe.run(context, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact ?? undefined, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  }, { include: list(scope.include), exclude: list(scope.exclude) });
}

/** Fails when axe finds a serious or critical violation, listing each with its rule, help and elements. */
export async function expectNoSeriousViolations(page: Page, scope: AxeScope = {}): Promise<void> {
  const serious = (await axeViolations(page, scope)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!serious.length) return;
  const lines = serious.map((v) => `  - [${ v.impact }] ${ v.id }: ${ v.help } (${ v.helpUrl })\n${ v.nodes.map((n) => `      ${ n }`).join('\n') }`);
  throw new Error(`axe found ${ serious.length } serious or critical violation(s):\n${ lines.join('\n') }`);
}
