// The QA report (`giroscope check --format html`) in Debian's Chromium, opened as the file it
// is: no request leaves the page, the filters work, axe-core finds nothing, screenshots for a
// look. Run by tests/it/qa_report.rs:  node qa-report.mjs REPORT.html ARTIFACT_DIR
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { accessible, check, fail, failed, flags } from './browser.mjs';

const [report, artifacts] = process.argv.slice(2);

const visibleRows = (page) => page.$$eval('#notices tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).length);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
try {
  for (const [width, name] of [[1280, 'desktop'], [390, 'phone']]) {
    // axe-core is injected into the desktop view, so there the report's own policy is bypassed;
    // the phone view keeps it and must show no violation of it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: name === 'desktop' });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url()); });
    page.on('pageerror', (error) => fail(`page error: ${error.message}`));
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
  fail(error.stack || error);
} finally {
  await browser.close();
}
console.log(failed() === 0 ? 'all report checks passed' : `${failed()} report checks failed`);
process.exit(failed() === 0 ? 0 : 1);
