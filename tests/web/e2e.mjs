// End-to-end test of giroscope's page against a real server, in Debian's Chromium with a phone
// viewport: photo upload, pasted payload, language switch (also without JavaScript), live scan
// from a fake camera, axe-core. Run by tests/it/web.rs:  node e2e.mjs BASE_URL ARTIFACT_DIR PHOTO CAMERA.y4m
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const [base, artifacts, photo, camera] = process.argv.slice(2);
let failures = 0;
const check = (condition, what) => {
  console.log(`${condition ? 'PASS' : 'FAIL'}  ${what}`);
  if (!condition) failures += 1;
};
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function accessible(page, label) {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `axe-core on ${label}: ${violations.length} violations ${violations.join('; ')}`);
}

async function settled(page) {
  await page.waitForSelector('#result-body .card, #result-body .error-box', { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('#result').getAttribute('aria-busy') === 'false');
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
  const page = await context.newPage();
  page.on('pageerror', (error) => { console.log(`page error: ${error.message}`); failures += 1; });
  await page.goto(base);
  check(await page.getAttribute('html', 'lang') === 'de', 'German first');
  await page.screenshot({ path: `${artifacts}/1-start.png`, fullPage: true });
  await accessible(page, 'the start page');

  // A phone photo of a notice, through the file input.
  await page.setInputFiles('#in-file', photo);
  await settled(page);
  let text = await page.innerText('#result');
  check(text.includes('Stadtkasse Musterstadt') && text.includes('25,00'), 'the photo shows beneficiary and amount');
  check(text.includes('DE02 1203 0000 0000 2020 51'), 'the IBAN is grouped in fours');
  check(await page.evaluate(() => document.activeElement && document.activeElement.closest('#result') !== null),
    'focus moves to the result');
  await page.screenshot({ path: `${artifacts}/2-photo.png`, fullPage: true });
  await accessible(page, 'a green result');

  // A pasted payload whose amount lacks EUR.
  await page.fill('#in-payload', 'BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\n25.00\nGOVT\n\nKassenzeichen 5.1234.567890.1');
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  text = await page.innerText('#result');
  check(/funktioniert nicht/i.test(text), 'a missing EUR is a red verdict, in words');
  check(text.includes('Bitte wenden Sie sich an die Stelle'), 'the citizen is told whom to ask');
  await page.screenshot({ path: `${artifacts}/3-red-de.png`, fullPage: true });

  // Switch to English.
  await page.click('.lang-btn[data-lang=en]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await settled(page);
  text = await page.innerText('#result');
  check(/does not work/i.test(text), 'the verdict follows the language switch');
  check(/EUR/.test(text) && /first three characters/.test(text), 'findings are in English');
  await page.screenshot({ path: `${artifacts}/4-red-en.png`, fullPage: true });
  await accessible(page, 'a red result in English');
  await context.close();

  // Without JavaScript: the language links and the plain form POST still work.
  const plain = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', javaScriptEnabled: false });
  const nojs = await plain.newPage();
  await nojs.goto(base);
  await nojs.click('.lang-btn[data-lang=en]');
  check(await nojs.getAttribute('html', 'lang') === 'en' && (await nojs.innerText('h1')) === 'Check a GiroCode',
    'without JavaScript the language link serves the English page');
  await nojs.fill('#in-payload', 'BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1');
  await nojs.click('#form-paste button[type=submit]');
  text = await nojs.innerText('body');
  check(text.includes('Stadtkasse Musterstadt') && /€25\.00/.test(text), 'without JavaScript the form answers with an English report');
  await nojs.screenshot({ path: `${artifacts}/5-nojs-en.png`, fullPage: true });
  await plain.close();

  // Live scanning from Chromium's fake camera, which plays a code.
  const cameraBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...flags, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`],
  });
  try {
    const cameraContext = await cameraBrowser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    await cameraContext.grantPermissions(['camera']);
    const live = await cameraContext.newPage();
    await live.goto(base);
    await live.click('#live-btn');
    await live.waitForFunction(() => (document.querySelector('#result-body') || {}).innerText?.includes('Stadtkasse'),
      null, { timeout: 20000 });
    const result = await live.innerText('#result');
    check(result.includes('Stadtkasse Musterstadt'), 'a live scan from the camera reads the code');
    await live.screenshot({ path: `${artifacts}/6-live.png`, fullPage: true });
  } finally {
    await cameraBrowser.close();
  }
} catch (error) {
  console.log(`FAIL  ${error.stack || error}`);
  failures += 1;
} finally {
  await browser.close();
}
console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
process.exit(failures === 0 ? 0 : 1);
