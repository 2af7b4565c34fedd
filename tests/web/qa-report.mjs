// The QA report (`giroscope check --format html`) in Debian's Chromium, opened as the file it
// is: no request leaves the page, the filters work, axe-core finds nothing, screenshots for a
// look. Run by tests/it/qa_report.rs:  node qa-report.mjs REPORT.html ARTIFACT_DIR
import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { pathToFileURL } from 'node:url';

const [report, artifacts] = process.argv.slice(2);
let failures = 0;
const check = (condition, what) => {
  console.log(`${condition ? 'PASS' : 'FAIL'}  ${what}`);
  if (!condition) failures += 1;
};
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function accessible(page, label) {
  // axe-core is injected by the test, so the report's policy must let this one script in.
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `axe-core on ${label}: ${violations.length} violations ${violations.join('; ')}`);
}

const visibleRows = (page) => page.$$eval('#notices tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).length);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
try {
  for (const [width, name] of [[1280, 'desktop'], [390, 'phone']]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: name === 'desktop' });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url()); });
    page.on('pageerror', (error) => { console.log(`page error: ${error.message}`); failures += 1; });
    const violations = [];
    page.on('console', (message) => { if (/Content Security Policy|Refused/.test(message.text())) violations.push(message.text()); });
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector('#filters:not([hidden])');
    check(requests.length === 0, `${name}: no request leaves the file (${requests.join(', ')})`);
    if (name === 'phone') {
      check(violations.length === 0, `phone: the policy blocks nothing the report needs (${violations.join('; ')})`);
    }
    const total = await page.$$eval('#notices tbody tr', (rows) => rows.length);
    check(total > 0 && (await visibleRows(page)) === total, `${name}: every row shows unfiltered (${total})`);
    check((await page.$$eval('figure svg image', (images) => images.filter((i) => i.getAttribute('href').startsWith('data:image/png;base64,')).length)) > 0,
      `${name}: thumbnails are inline PNGs`);
    const broken = await page.$$eval('figure svg image', (images) => images.filter((i) => { const b = i.getBBox(); return b.width === 0; }).length);
    check(broken === 0, `${name}: every thumbnail has a size`);
    await page.screenshot({ path: `${artifacts}/qa-1-${name}.png`, fullPage: name === 'desktop' });
    if (name === 'desktop') {
      await accessible(page, 'the report');
      // Filter by verdict, then by finding; the counter says how many rows show.
      const options = await page.$$eval('#fv option', (os) => os.map((o) => o.value).filter(Boolean));
      check(options.includes('valid') && options.length >= 3, `verdict filter offers ${options.join(', ')}`);
      await page.selectOption('#fv', 'valid');
      const valid = await visibleRows(page);
      const validRows = await page.$$eval('#notices tbody tr[data-v="valid"]', (rows) => rows.length);
      check(valid === validRows && valid < total, `filtering by verdict shows the ${validRows} valid rows`);
      check((await page.$$eval('#flagged article', (as) => as.filter((a) => a.offsetParent !== null).length)) === 0,
        'no flagged page shows among valid rows');
      await page.selectOption('#fv', '');
      await page.click('a[data-f="EXPECT-AMOUNT"]');
      const amount = await visibleRows(page);
      check(amount === 1, `the chart's rule link filters the table to its ${amount} row`);
      check((await page.inputValue('#ff')) === 'EXPECT-AMOUNT', 'and sets the finding filter');
      const shown = await page.innerText('#shown');
      check(/^1 of \d+ rows$/.test(shown) || /^1 von \d+ Zeilen$/.test(shown), `the counter says so: ${shown}`);
      const card = await page.$('#flagged article:not([style*="none"]) .cmp tr.diff');
      check(card !== null, 'the flagged card marks the differing value');
      const text = await page.innerText('#flagged');
      check(/35,00 €|€35\.00/.test(text) && /25,00 €|€25\.00/.test(text), 'expected and printed amounts side by side');
      await page.screenshot({ path: `${artifacts}/qa-2-filtered.png`, fullPage: true });
    }
    await context.close();
  }
  // Without JavaScript the report is complete, only the filters are missing.
  const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const nojs = await plain.newPage();
  await nojs.goto(pathToFileURL(report).href);
  check(await nojs.$eval('#filters', (f) => f.hidden), 'without JavaScript the filters stay hidden');
  check((await visibleRows(nojs)) === (await nojs.$$eval('#notices tbody tr', (rows) => rows.length)), 'and every row shows');
  await plain.close();
} catch (error) {
  console.log(`FAIL  ${error.stack || error}`);
  failures += 1;
} finally {
  await browser.close();
}
console.log(failures === 0 ? 'all report checks passed' : `${failures} report checks failed`);
process.exit(failures === 0 ? 0 : 1);
