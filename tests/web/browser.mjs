// What the browser tests share: Chromium's headless flags for this closed network, a PASS/FAIL
// log with a failure count, and axe-core run inside the page.
import axe from 'axe-core';

export const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let failures = 0;

/** Logs one check; a false condition counts as a failure. */
export const check = (condition, what) => {
  console.log(`${condition ? 'PASS' : 'FAIL'}  ${what}`);
  if (!condition) failures += 1;
};

/** Counts a failure found outside a check (a page error, an exception). */
export const fail = (what) => {
  console.log(`FAIL  ${what}`);
  failures += 1;
};

/** The failures so far. */
export const failed = () => failures;

/** axe-core on the page as it is, every `<details>` opened first; 0 violations passes. */
export async function accessible(page, label) {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `axe-core on ${label}: ${violations.length} violations ${violations.join('; ')}`);
}
