// The static site (`giroscope site DIR`) in Debian's Chromium, served by the plainest web
// server there is (below: GET and HEAD of files, ETag revalidation, 405 for everything else,
// the README's Content-Security-Policy on every answer). The page must check a photo, a PDF
// notice and pasted text with no POST and no request to another origin, check a photo again
// offline after the first visit, pick up new files on the next visit, read a code from a fake
// camera, and stay within the download budget.
// Run by tests/it/web.rs:  node site.mjs '{"site": …, "update": …, "artifacts": …, …}'
import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { flags, check, fail, failed } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const settings = JSON.parse(process.argv[2]);
const { artifacts } = settings;
const PHONE = { width: 390, height: 844 };
const ISO_CODE = 'BCD\n002\n2\nSCT\n\nStadt Müllheim\nDE02120300000000202051\nEUR12.50\nGOVT\n\nKassenzeichen 5.1234.004711.1';

// ------------------------------------------------------------ a static file server
const site = { root: settings.site };
// axe-core as if it were a file of the site, for the test's accessibility checks only.
const { server, base, log } = await serveStatic(site, { '/__axe.js': axe.source });
const posts = () => log.filter((e) => e.method !== 'GET' && e.method !== 'HEAD').length;

/** Records long tasks, CSP violations and what the busy line said, from the first script on. */
const RECORDER = () => {
  window.__long = [];
  window.__csp = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
    .observe({ type: 'longtask', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
};

/** axe-core, loaded the way the policy allows: as a file of this origin. */
async function accessible(page, label) {
  await page.addScriptTag({ url: `${base}__axe.js` });
  const violations = await page.evaluate(async () => {
    const closed = [...document.querySelectorAll('details:not([open])')];
    closed.forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    closed.forEach((d) => { d.open = false; });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `axe-core on ${label}: ${violations.length} violations ${violations.join('; ')}`);
}

/** Empties the result, so that `settled` waits for the next one, not the one shown. */
const clear = (page) => page.evaluate(() => document.getElementById('result-body').replaceChildren());

async function settled(page) {
  await page.waitForSelector('#result-body .card, #result-body .error-box', { timeout: 90000 });
  await page.waitForFunction(() => document.querySelector('#result').getAttribute('aria-busy') === 'false');
}

const visibleText = (page, selector) => page.evaluate((sel) => {
  const el = document.querySelector(sel);
  return el ? el.innerText.replace(/[\u00a0\u202f]/g, ' ') : '';
}, selector);

/** Every request the page and its workers make that leaves this origin. */
function watchOrigins(context, foreign) {
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
}

const shot = (page, name) => page.screenshot({ path: `${artifacts}/site-${name}.png`, fullPage: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
try {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  await context.addInitScript(RECORDER);
  const foreign = [];
  watchOrigins(context, foreign);
  const page = await context.newPage();
  page.on('pageerror', (error) => fail(`page error: ${error.message}`));

  // ------------------------------------------------------------ the first visit
  await page.goto(base);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const foot = await visibleText(page, 'footer');
  check(foot.includes('Ihr Foto verlässt Ihr Gerät nicht.') && !foot.includes('geht nur an'), 'the privacy note says the photo stays on the device');
  check(foot.includes('Ein Angebot von Stadt Musterstadt.'), 'the footer names the operator from --operator-name');
  check(await page.getAttribute('link[rel=manifest]', 'href') === 'manifest.webmanifest', 'the page links its manifest');
  const manifest = await (await page.request.get(`${base}manifest.webmanifest`)).json();
  check(manifest.name === 'GiroCode prüfen' && manifest.display === 'standalone' && manifest.icons.some((i) => i.sizes === '512x512'),
    `installable: "${manifest.name}", standalone, with a 512 px icon`);
  // Chromium's own verdict on installing (manifest, icons, service worker, secure origin).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A test browser's context is incognito, where nothing installs; that is the only objection allowed.
  const objections = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
  check(objections.length === 0, `Chromium finds the page installable: ${JSON.stringify(installabilityErrors)}`);
  const parsed = await cdp.send('Page.getAppManifest');
  check(parsed.url.endsWith('/manifest.webmanifest') && parsed.errors.length === 0, `Chromium reads the manifest without errors: ${JSON.stringify(parsed.errors)}`);
  await shot(page, '01-start');
  await accessible(page, 'the static start page');

  // ------------------------------------------------------------ pasted text, on the device
  await clear(page);
  await page.fill('#in-text', ISO_CODE);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  let text = await visibleText(page, '#result');
  check(text.includes('Stadt Müllheim') && !text.includes('MÃ') && !text.includes('verfälscht'), 'pasted ISO 8859-1 text is checked on the device and reads "Stadt Müllheim"');
  check(text.includes('Empfängerkonto bestätigt: Stadtkasse Musterstadt'), 'the payee list from --payees confirms the account');
  await accessible(page, 'a text result');

  // ------------------------------------------------------------ a PDF notice
  await clear(page);
  await page.setInputFiles('#in-file', settings.pdf);
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('6 Seiten, 5 QR-Codes zum Bezahlen') && text.includes('Auf Seite 4 haben wir keinen QR-Code gefunden'), 'a PDF notice is checked on the device: its summary');
  check(log.some((e) => e.path.endsWith('giroscope_full_bg.wasm')), 'the PDF module is fetched for the PDF');
  await shot(page, '02-pdf');
  await accessible(page, 'a PDF result');

  // ------------------------------------------------------------ a 12 MP photo, read at full size
  await page.evaluate(() => { window.__long = []; });
  await clear(page);
  const started = Date.now();
  await page.setInputFiles('#in-photo', settings.photo);
  await settled(page);
  const seconds = (Date.now() - started) / 1000;
  text = await visibleText(page, '#result');
  check(text.includes('Stadtkasse Musterstadt') && text.includes('35,00 €'), `a 12 MP photo is read on the device (${seconds.toFixed(1)} s)`);
  const long = await page.evaluate(() => window.__long);
  check(long.every((ms) => ms <= 200), `no long task over 200 ms on the main thread while the photo is read: ${JSON.stringify(long)}`);
  await shot(page, '03-photo');
  await accessible(page, 'a photo result');

  check(posts() === 0, `no POST reached the server (${log.length} requests, ${posts()} not GET)`);
  check(foreign.length === 0, `no request to another origin: ${foreign.join(', ')}`);
  const csp = await page.evaluate(() => window.__csp);
  check(csp.length === 0, `the page runs under script-src 'self' 'wasm-unsafe-eval': ${csp.join('; ')}`);

  // ------------------------------------------------------------ offline after the first visit
  // Airplane mode, and the server gone too: only the browser's own copy can answer.
  const port = server.address().port;
  await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  const before = log.length;
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#in-photo', { state: 'attached' });
  await clear(page);
  await page.setInputFiles('#in-photo', settings.photo);
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Stadtkasse Musterstadt') && log.length === before, 'offline, with the server gone, the reloaded page checks a photo');
  await shot(page, '04-offline');
  await context.setOffline(false);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

  // ------------------------------------------------------------ new files: picked up on the next visit
  site.root = settings.update;
  await page.goto(base);
  // The browser looks for a new service worker on every visit; here it is waited for.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
    const next = registration.installing || registration.waiting;
    if (next) await new Promise((resolve) => next.addEventListener('statechange', () => { if (next.state === 'activated') resolve(); }));
  });
  await page.goto(base);
  const updated = await visibleText(page, 'footer');
  check(updated.includes('Ein Angebot von Stadt Beispielstadt.'), 'a new version of the files is used from the next visit on');
  site.root = settings.site;
  await context.close();

  // ------------------------------------------------------------ what a photo check downloads
  const fresh = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const first = log.length;
  const photoPage = await fresh.newPage();
  await photoPage.goto(base);
  await photoPage.evaluate(() => navigator.serviceWorker.ready);
  await clear(photoPage);
  await photoPage.setInputFiles('#in-photo', settings.photo);
  await settled(photoPage);
  const fetched = log.slice(first);
  const wasm = fetched.filter((e) => e.path.endsWith('.wasm')).reduce((sum, e) => sum + e.bytes, 0);
  const total = fetched.reduce((sum, e) => sum + e.bytes, 0);
  check(wasm <= 1.5e6 && !fetched.some((e) => e.path.includes('giroscope_full') || e.path.includes('_scalar')),
    `a photo check downloads ${wasm} bytes of wasm (budget 1.5 MB), the SIMD build and not the PDF module; ${total} bytes in all, ${fetched.length} requests`);
  console.log(`size: ${fetched.map((e) => `${e.path} ${e.status} ${e.bytes}`).join(', ')}`);
  await fresh.close();
} catch (error) {
  fail(error.stack || String(error));
} finally {
  await browser.close();
}

// ------------------------------------------------------------ live scan from a fake camera
const camera = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...flags, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${settings.camera}`],
});
try {
  const context = await camera.newContext({ viewport: PHONE, locale: 'de-DE' });
  await context.grantPermissions(['camera']);
  const foreign = [];
  watchOrigins(context, foreign);
  const live = await context.newPage();
  live.on('pageerror', (error) => fail(`page error: ${error.message}`));
  const before = posts();
  await live.goto(base);
  await live.click('#live-btn');
  await live.waitForFunction(() => (document.querySelector('#result-body') || {}).innerText?.includes('Stadtkasse'), null, { timeout: 60000 });
  check((await live.innerText('#result')).includes('Stadtkasse Musterstadt') && await live.isHidden('#scanner'), 'the live scan reads the code from the fake camera on the device, and the camera goes off');
  check(posts() === before && foreign.length === 0, 'no camera frame left the device');
  await shot(live, '05-live');
  await accessible(live, 'a live result');
} catch (error) {
  fail(error.stack || String(error));
} finally {
  await camera.close();
}

server.close();
console.log(failed() === 0 ? 'all site checks passed' : `${failed()} site checks failed`);
process.exit(failed() === 0 ? 0 : 1);
