// Shared by the widget and demo tests: axe-core in the page (under the page's own CSP: evaluated through the
// DevTools protocol, not injected as an inline script), and a check that a page had no console error or CSP
// violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.0/2.1 A and AA, plus best practices) on the page; fails on any violation. */
export async function expectAccessible(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })), passes: r.passes.length };
  });
  assert.deepEqual(result.violations, [], `axe violations in ${label}`);
  assert.ok(result.passes > 10, `axe ran checks in ${label}`);
}

/** Fails on console errors, page errors or CSP violations recorded by e2e/browser.mjs's openPage. */
export function expectNoProblems(page, label) {
  assert.deepEqual(page.problems, [], `console errors or CSP violations in ${label}`);
}

/** The text of an element in the widget's shadow DOM. */
export function shadowText(page, selector) {
  return page.locator(`kravkit-oversikt ${selector}`).first().textContent();
}
