import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** One axe finding, cut down to what a failing test should print. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page and answers its serious and critical violations. The source is evaluated
 * through the DevTools protocol, which the page's CSP (`script-src 'self'`) does not govern, so the pages
 * are checked exactly as served. (`@axe-core/playwright` does the same, but needs Node 22.)
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (loaded !== true) await page.evaluate(axe.source);
  // Written as a string: it runs in the page, where `axe` and `document` are; this project has no DOM types.
  const options = {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  };
  const violations = await page.evaluate<
    AxeFinding[]
  >(`window.axe.run(document, ${JSON.stringify(options)}).then((result) =>
    result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact || '',
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ') + ': ' + (node.failureSummary || '')),
    })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A readable list of findings, one block per violation, for a test's failure message. */
export function describeFindings(url: string, findings: readonly AxeFinding[]): string[] {
  return findings.map(
    (finding) =>
      `${url}: [${finding.impact}] ${finding.id}: ${finding.help}\n    ${finding.nodes.join('\n    ')}`,
  );
}
