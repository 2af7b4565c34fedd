// End-to-end test of giroscope's page against a real server (`giroscope serve`), in Debian's
// Chromium with a phone viewport (390×844), German first. The page checks on the device there
// too: nothing goes to the server's API unless the module cannot load (the fallback, below). Every state is checked with axe-core (light and dark) and
// for reflow at 320 px and at 200 % zoom (195 CSS px), and saved as a screenshot.
// Run by tests/it/web.rs:  node e2e.mjs '{"base": …, "artifacts": …, …}'
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const settings = JSON.parse(process.argv[2]);
const { base, artifacts } = settings;
let failures = 0;
const check = (condition, what) => {
  console.log(`${condition ? 'PASS' : 'FAIL'}  ${what}`);
  if (!condition) failures += 1;
};
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const PHONE = { width: 390, height: 844 };

const ISO_CODE = 'BCD\n002\n2\nSCT\n\nStadt Müllheim\nDE02120300000000202051\nEUR12.50\nGOVT\n\nKassenzeichen 5.1234.004711.1';
const NO_EUR = 'BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\n25.00\nGOVT\n\nKassenzeichen 5.1234.567890.1';
const OTHER_ACCOUNT = 'BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE89370400440532013000\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1';
const LONG_TEXT = `Kassenzeichen 5.1234.567890.1 ${'Verwarnungsgeld Parken Musterstrasse '.repeat(5)}Ende`;
const LONG = `BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\n${LONG_TEXT}`;

/** axe-core with every <details> open (the collapsed parts count too); restores them after. */
async function accessible(page, label) {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const closed = [...document.querySelectorAll('details:not([open])')];
    closed.forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    closed.forEach((d) => { d.open = false; });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(violations.length === 0, `axe-core on ${label}: ${violations.length} violations ${violations.join('; ')}`);
}

/** axe-core runs in the page, which a page without JavaScript cannot: its markup (scripts
 *  removed; a no-JS page runs none) is served to a page that can, under the same address. */
let helper = null;
async function accessibleWithoutScript(page, label) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  await helper.unrouteAll();
  await helper.route(`${base}__nojs`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await helper.goto(`${base}__nojs`);
  await accessible(helper, label);
}

/** No horizontal scrolling and nothing outside the screen at 320 px and at 200 % zoom of the
 *  phone (195 CSS px), with the collapsed parts open too. */
async function reflows(page, label) {
  for (const width of [320, 195]) {
    await page.setViewportSize({ width, height: 640 });
    const problems = await page.evaluate(() => {
      const out = [];
      const closed = [...document.querySelectorAll('details:not([open])')];
      closed.forEach((d) => { d.open = true; });
      const limit = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > limit) out.push(`page ${document.documentElement.scrollWidth}px wide`);
      for (const el of document.querySelectorAll('.lang-btn, .light, .btn, .payee, .pay dd, h1, h2, h3, .foot a')) {
        const box = el.getBoundingClientRect();
        if (box.width && (box.right > limit + 0.5 || box.left < -0.5)) out.push(`${el.className || el.tagName} at ${Math.round(box.left)}–${Math.round(box.right)}`);
      }
      closed.forEach((d) => { d.open = false; });
      return out;
    });
    check(problems.length === 0, `${label} reflows at ${width === 195 ? '200 % zoom (195 px)' : '320 px'}: ${problems.slice(0, 5).join('; ')}`);
  }
  await page.setViewportSize(PHONE);
}

/** Empties the result, so that `settled` waits for the next one, not the one shown. */
const clear = (page) => page.evaluate(() => document.getElementById('result-body').replaceChildren());

async function settled(page) {
  await page.waitForSelector('#result-body .card, #result-body .error-box', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#result').getAttribute('aria-busy') === 'false');
}

async function shot(page, name) {
  await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });
}

/** What a reader sees of an element, with no-break spaces (25,00 €) as plain ones. */
const visibleText = (page, selector) => page.evaluate((sel) => {
  const el = document.querySelector(sel);
  return el ? el.innerText.replace(/[\u00a0\u202f]/g, ' ') : '';
}, selector);

/** Records what the busy line said, whether it showed a progress bar, and layout shifts. */
const RECORDER = () => {
  // What the page puts in its uploads: field, type and size of each part.
  window.__sent = [];
  const append = FormData.prototype.append;
  FormData.prototype.append = function (name, value, ...rest) {
    window.__sent.push({ name, type: value && value.type, size: value && value.size != null ? value.size : String(value).length });
    return append.call(this, name, value, ...rest);
  };
  window.__busy = [];
  window.__progress = false;
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    const busy = document.getElementById('busy');
    new MutationObserver(() => {
      const text = busy.innerText.trim();
      if (text && window.__busy[window.__busy.length - 1] !== text) window.__busy.push(text);
      if (busy.querySelector('progress')) window.__progress = true;
    }).observe(busy, { childList: true, subtree: true, characterData: true });
  });
};

/** Contrast of a control's border against what is behind it (WCAG 1.4.11 needs 3:1). */
const BORDER_CONTRASTS = () => {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const bg = getComputedStyle(p).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return rgb(bg);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('textarea, .lang-btn:not([aria-current]), details.qa, .btn-secondary')) {
    const a = lum(rgb(getComputedStyle(el).borderTopColor));
    const b = lum(behind(el));
    out.push([el.id || el.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  }
  return out;
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
try {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', bypassCSP: true });
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  page.on('pageerror', (error) => { console.log(`page error: ${error.message}`); failures += 1; });
  const requests = [];
  page.on('request', async (request) => {
    if (request.url().includes('/api/v1/check')) requests.push({ size: Number(await request.headerValue('content-length')) });
  });
  const sent = () => page.evaluate(() => window.__sent);

  // ------------------------------------------------------------ the start page
  await page.goto(base);
  check(await page.getAttribute('html', 'lang') === 'de', 'German first');
  const foot = await visibleText(page, 'footer');
  check(foot.includes('Ein Angebot von Stadt Musterstadt.'), 'the footer names the operator');
  check(await page.getAttribute('footer a[data-i18n=imprint]', 'href') === 'https://www.musterstadt.example/impressum'
    && await page.getAttribute('footer a[data-i18n=privacyPolicy]', 'href') === 'https://www.musterstadt.example/datenschutz'
    && await page.getAttribute('footer a[data-i18n=accessibility]', 'href') === '/barrierefreiheit',
  'the footer links Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit');
  check(foot.includes('Ihr Foto verlässt Ihr Gerät nicht.') && !foot.includes('geht nur an') && !foot.includes('Kamerabilder pro Sekunde'),
    'the privacy note says the photo stays on the device, and nothing of sending');
  check(await page.getAttribute('html', 'class').then((c) => c.includes('server')) && (await page.innerHTML('footer')).includes('geht nur an den Server von Stadt Musterstadt'),
    'the server\'s sentence is there for the page without JavaScript');
  check(await page.isVisible('#live-btn'), 'the live button is there from the start');
  await page.waitForTimeout(300);
  const cls = await page.evaluate(() => window.__cls);
  check(cls < 0.01, `no layout shift while the page loads (CLS ${cls.toFixed(4)})`);
  const contrasts = await page.evaluate(BORDER_CONTRASTS);
  const weak = contrasts.filter(([, ratio]) => ratio < 3);
  check(contrasts.length >= 4 && weak.length === 0, `every control's border has at least 3:1 contrast: ${contrasts.map(([n, r]) => `${n} ${r.toFixed(2)}`).join(', ')}`);
  check(await page.getAttribute('#result', 'aria-live') === null, 'the result is not a live region (focus announces it, once)');
  await shot(page, '01-start');
  await accessible(page, 'the start page');
  await reflows(page, 'the start page');

  // ------------------------------------------------------------ text stays text: ISO 8859-1
  await page.fill('#in-text', ISO_CODE);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  let text = await visibleText(page, '#result');
  check(text.includes('Stadt Müllheim') && !text.includes('MÃ'), 'a pasted ISO 8859-1 code reads "Stadt Müllheim"');
  check(!text.includes('verfälscht'), 'no false double-encoding warning');
  check(text.includes('Empfängerkonto bestätigt: Stadtkasse Musterstadt (Parkgebühren)') && text.includes('Empfängerüberprüfung Ihrer Bank'),
    'a listed account is confirmed, and the bank\'s own check is named');
  check(text.indexOf('DE02 1203') < text.indexOf('Empfängerkonto bestätigt'), 'the confirmation stands under the account it confirms');
  check(requests.length === 0 && (await sent()).length === 0, 'pasted text is checked on the device: nothing is sent');
  check(await page.evaluate(() => document.activeElement && document.activeElement.matches('#result .light-text')), 'focus moves to the verdict');
  await shot(page, '02-iso-8859-1-paste-payee-confirmed');
  await accessible(page, 'a confirmed payee');

  // ------------------------------------------------------------ citizen words first, issuer collapsed
  await page.fill('#in-text', NO_EUR);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Bezahlen Sie nicht mit diesem Code.'), 'a missing EUR is a red verdict, in words');
  check(text.includes('Manche Banking-Apps übernehmen dann einen falschen Betrag.'), 'the citizen text is visible');
  check(text.includes('Was Sie tun können:') && text.includes('Sie können trotzdem bezahlen: Übertragen Sie'), 'the citizen is told what they can do');
  check(await page.evaluate(() => [...document.querySelectorAll('#result details.qa')].every((d) => !d.open)), 'the issuer section is collapsed');
  check(!text.includes('Gefährlich: deutsche Banking-Apps') && !text.includes('AMOUNT-NO-CURRENCY') && !text.includes('epc069-12'),
    'the issuer help, codes and rule citations are not shown to the citizen');
  check((await page.innerText('#result details.qa > summary')).includes('Für die ausstellende Stelle'), 'the issuer section is named for the issuer');
  await page.click('#result details.qa > summary');
  text = await visibleText(page, '#result');
  check(text.includes('Gefährlich: deutsche Banking-Apps') && text.includes('AMOUNT-NO-CURRENCY') && text.includes('Inhalt des Codes'),
    'opened, the issuer section has the help, the code and the content of the code');
  await shot(page, '03b-issuer-open');
  await page.click('#result details.qa > summary');
  check(await page.evaluate(() => document.getElementById('busy').innerText.trim() === ''), 'the busy line is empty once the result is there');
  await shot(page, '03-red-citizen-text');
  await accessible(page, 'a red result');
  await reflows(page, 'a red result');

  // ------------------------------------------------------------ an account not on the list
  await page.fill('#in-text', OTHER_ACCOUNT);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Vorsicht: unbekanntes Empfängerkonto') && text.includes('Aufkleber') && text.includes('gedruckten Bescheid')
    && text.includes('Fragen Sie im Zweifel'), 'an account not on the list is a clear warning: compare, look for a sticker, ask');
  check(text.indexOf('Vorsicht') < text.indexOf('DE89 3704'), 'the warning comes before the account');
  check(text.includes('Empfängerüberprüfung Ihrer Bank'), 'the warning says it does not replace the bank\'s check');
  await shot(page, '04-payee-warning');
  await accessible(page, 'an unknown payee');

  // ------------------------------------------------------------ what the app shows: the cut at 140
  await page.fill('#in-text', LONG);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  const cut = await page.evaluate(() => {
    const dd = [...document.querySelectorAll('#result .pay-row')].find((r) => r.querySelector('dt').innerText.startsWith('Verwendungszweck')).querySelector('dd');
    return { shown: dd.firstChild.textContent, lost: dd.querySelector('s.lost') ? dd.querySelector('s.lost').textContent : null, note: dd.innerText };
  });
  const chars = Array.from(LONG_TEXT);
  check(cut.shown === chars.slice(0, 140).join('') && cut.lost && cut.lost.endsWith(chars.slice(140).join('')),
    'the Verwendungszweck shows the 140 characters apps take over, the rest struck out');
  check(cut.note.includes('nur die ersten 140 Zeichen'), 'the cut is explained');
  await shot(page, '05-cut-at-140');
  await accessible(page, 'a cut Verwendungszweck');

  // ------------------------------------------------------------ a document: the summary
  await clear(page);
  await page.setInputFiles('#in-file', settings.pdf);
  await settled(page);
  const doc = await page.evaluate(() => {
    const summary = document.querySelector('#result .summary');
    const cards = [...document.querySelectorAll('#result .card:not(.summary)')];
    return {
      summary: summary ? summary.innerText : '',
      cards: cards.map((c) => c.innerText),
    };
  });
  check(doc.summary.includes('Im Überblick') && doc.summary.includes('6 Seiten, 5 QR-Codes zum Bezahlen'), 'a PDF gets a document summary');
  check(doc.summary.includes('Auf Seite 4 haben wir keinen QR-Code gefunden'), 'the page without a code is in the summary');
  check(await page.isVisible('#result .summary .light.yellow'), 'a page without a code makes the summary yellow, not red: every code on it is fine');
  check(doc.cards.length === 5 && doc.cards.every((c) => !c.includes('Seite 4 haben wir')), 'no other page\'s card speaks of page 4');
  check(doc.cards.every((c, i) => c.includes(`Code ${i + 1} von 5 · Seite`)), 'each code card names its page');
  await shot(page, '06-pdf-summary');
  await accessible(page, 'a document summary');
  await reflows(page, 'a document summary');

  // ------------------------------------------------------------ another code beside the GiroCode
  await page.setInputFiles('#in-file', settings.twoCodes);
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Der Code ist in Ordnung.') && text.includes('Außer dem Code zum Bezahlen ist noch ein anderer QR-Code zu sehen: eine Webadresse (URL). Er hat mit der Überweisung nichts zu tun.'),
    'a web address beside a good GiroCode is a neutral note');
  check(await page.locator('#result .light').count() === 1 && !text.includes('Neues Foto aufnehmen') && !text.includes('Tipps für ein besseres Foto'),
    'the other code gets no verdict of its own, no photo tips, no "take another photo"');
  await shot(page, '06b-other-code');
  await accessible(page, 'a GiroCode beside a web address');

  // ------------------------------------------------------------ a code located but not read
  await page.setInputFiles('#in-file', settings.unreadable);
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Ein QR-Code wurde gefunden, ist aber nicht lesbar.') && !text.includes('Kein QR-Code gefunden'),
    'a located but unreadable code is said as such, not as "no code"');
  check(text.includes('Sie können trotzdem bezahlen') && text.includes('Tipps für ein besseres Foto'), 'with what to do and photo tips');
  await shot(page, '06c-unreadable');
  await accessible(page, 'an unreadable code');

  // ------------------------------------------------------------ a phone photo, read on the device at full size
  await page.evaluate(() => { window.__busy = []; window.__progress = false; });
  await clear(page);
  await page.setInputFiles('#in-photo', settings.photo);
  await settled(page);
  text = await visibleText(page, '#result');
  const report = await page.evaluate(() => JSON.parse(document.querySelector('#result details details pre').textContent));
  const image = report.results[0].image;
  check(text.includes('Stadtkasse Musterstadt') && text.includes('35,00 €') && text.includes('DE02 1203 0000 0000 2020 51'), 'the photo is read');
  check(requests.length === 0, 'the photo did not leave the device');
  check(image && image.width * image.height === 12e6, `read at full size, 12 MP, not shrunk: ${image && `${image.width}×${image.height}`}`);
  const busy = await page.evaluate(() => ({ said: window.__busy, progress: window.__progress }));
  check(busy.said.some((s) => s.includes('Wird geprüft')) && !busy.said.some((s) => s.includes('verkleinert') || s.includes('gesendet')),
    `checking is shown, neither shrinking nor sending: ${busy.said.join(' / ')}`);
  await shot(page, '07-photo');
  await accessible(page, 'a photo result');

  // ------------------------------------------------------------ too large: said before uploading
  const beforeBig = requests.length;
  await page.setInputFiles('#in-file', settings.tooLarge);
  await settled(page);
  text = await visibleText(page, '#result');
  check(text.includes('Die Datei ist zu groß (höchstens 20 MB).') && requests.length === beforeBig, 'a 30 MB file is refused before upload, with the real limit');
  await shot(page, '08-too-large');
  await accessible(page, 'an error');

  // ------------------------------------------------------------ English, in place
  await page.fill('#in-text', NO_EUR);
  await page.click('#form-paste button[type=submit]');
  await settled(page);
  await page.click('.lang-btn[data-lang=en]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(() => document.querySelector('#result').getAttribute('aria-busy') === 'false');
  text = await visibleText(page, '#result');
  check(text.includes('Do not pay with this code.') && text.includes('Some banking apps then take a wrong amount.'), 'the result follows the language switch');
  check((await visibleText(page, 'footer')).includes('A service of Stadt Musterstadt.'), 'so does the footer');
  await shot(page, '09-red-en');
  await accessible(page, 'a red result in English');
  await context.close();

  // ------------------------------------------------------------ dark
  const dark = await browser.newContext({ viewport: PHONE, locale: 'de-DE', colorScheme: 'dark', bypassCSP: true });
  const night = await dark.newPage();
  await night.goto(base);
  await accessible(night, 'the start page, dark');
  const darkContrasts = await night.evaluate(BORDER_CONTRASTS);
  check(darkContrasts.every(([, ratio]) => ratio >= 3), `dark: every control's border has at least 3:1: ${darkContrasts.map(([n, r]) => `${n} ${r.toFixed(2)}`).join(', ')}`);
  for (const [code, label] of [[NO_EUR, 'a red result, dark'], [OTHER_ACCOUNT, 'a payee warning, dark'], [ISO_CODE, 'a confirmed payee, dark']]) {
    await night.fill('#in-text', code);
    await night.click('#form-paste button[type=submit]');
    await settled(night);
    await accessible(night, label);
  }
  await shot(night, '10-dark');
  await dark.close();

  // ------------------------------------------------------------ without JavaScript
  const plain = await browser.newContext({ viewport: PHONE, locale: 'de-DE', javaScriptEnabled: false });
  helper = await (await browser.newContext({ viewport: PHONE, locale: 'de-DE', bypassCSP: true })).newPage();
  const nojs = await plain.newPage();
  await nojs.goto(base);
  text = await nojs.innerText('footer');
  check(text.includes('geht nur an den Server von Stadt Musterstadt') && !text.includes('Kamerabilder') && !text.includes('verkleinert'),
    'without JavaScript the privacy note says nothing of shrinking or live frames, which do not happen');
  await accessibleWithoutScript(nojs, 'the start page without JavaScript');
  await nojs.setInputFiles('#in-file', settings.tooLarge);
  const [big] = await Promise.all([nojs.waitForNavigation(), nojs.click('#form-file button[type=submit]')]);
  text = await nojs.innerText('body');
  check(big.status() === 413 && text.includes('Die Datei ist zu groß (höchstens 20 MB).') && !text.includes('{"error"'),
    `without JavaScript a 30 MB upload answers with a German page (${big.status()})`);
  check(text.includes('Ein Angebot von Stadt Musterstadt.'), 'the error page has the footer');
  await shot(nojs, '11-nojs-413');
  await accessibleWithoutScript(nojs, 'the 413 page without JavaScript');
  await reflows(nojs, 'the 413 page without JavaScript');
  await nojs.goto(base);
  await nojs.fill('#in-text', ISO_CODE);
  await Promise.all([nojs.waitForNavigation(), nojs.click('#form-paste button[type=submit]')]);
  text = await nojs.innerText('body');
  check(text.includes('Stadt Müllheim') && text.includes('Empfängerkonto bestätigt'), 'without JavaScript the ISO 8859-1 text reads right too');
  await nojs.goto(base);
  await nojs.fill('#in-text', NO_EUR);
  await Promise.all([nojs.waitForNavigation(), nojs.click('#form-paste button[type=submit]')]);
  text = await nojs.innerText('body');
  check(text.includes('Bezahlen Sie nicht mit diesem Code.') && text.includes('Manche Banking-Apps übernehmen dann einen falschen Betrag.')
    && !text.includes('Gefährlich: deutsche Banking-Apps'), 'without JavaScript: citizen text shown, issuer help collapsed');
  check(text.includes('25.00: so geschrieben, dass Banking-Apps ihn falsch lesen'), 'without JavaScript the misread amount shows as written');
  await shot(nojs, '12-nojs-red');
  await accessibleWithoutScript(nojs, 'a red report without JavaScript');
  await reflows(nojs, 'a red report without JavaScript');
  await nojs.goto(base);
  await nojs.setInputFiles('#in-file', settings.pdf);
  await Promise.all([nojs.waitForNavigation({ timeout: 60000 }), nojs.click('#form-file button[type=submit]')]);
  text = await nojs.innerText('.summary');
  check(text.includes('Auf Seite 4 haben wir keinen QR-Code gefunden') && text.includes('Nicht überall klappt das Bezahlen mit Code.'),
    'without JavaScript a PDF gets the same summary');
  await accessibleWithoutScript(nojs, 'a document report without JavaScript');
  await nojs.goto(base);
  await nojs.click('.lang-btn[data-lang=en]');
  check(await nojs.getAttribute('html', 'lang') === 'en' && (await nojs.innerText('h1')) === 'Check a GiroCode',
    'without JavaScript the language link serves the English page');
  await shot(nojs, '13-nojs-en');
  await plain.close();
} catch (error) {
  console.log(`FAIL  ${error.stack || error}`);
  failures += 1;
} finally {
  await browser.close();
}

// ------------------------------------------------------------ live scanning from a fake camera
async function withCamera(file, run) {
  const cameraBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...flags, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
  try {
    const context = await cameraBrowser.newContext({ viewport: PHONE, locale: 'de-DE', bypassCSP: true });
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    page.on('pageerror', (error) => { console.log(`page error: ${error.message}`); failures += 1; });
    await run(context, page);
  } catch (error) {
    console.log(`FAIL  ${error.stack || error}`);
    failures += 1;
  } finally {
    await cameraBrowser.close();
  }
}

await withCamera(settings.camera, async (context, live) => {
  const frames = [];
  live.on('request', (r) => { if (r.method() !== 'GET') frames.push(r.url()); });
  await live.goto(base);
  await live.click('#live-btn');
  await live.waitForFunction(() => (document.querySelector('#result-body') || {}).innerText?.includes('Stadtkasse'), null, { timeout: 60000 });
  check((await live.innerText('#result')).includes('Stadtkasse Musterstadt'), 'a live scan from the camera reads the code');
  check(frames.length === 0, `the frames are read on the device, none is sent: ${frames.join(', ')}`);
  check(await live.isHidden('#scanner'), 'the camera is off once the code is read');
  await shot(live, '14-live');
  await accessible(live, 'a live result');
});

await withCamera(settings.cameraUnreadable, async (context, live) => {
  await context.clock.install();
  await live.goto(base);
  await live.click('#live-btn');
  await live.waitForFunction(() => document.getElementById('scan-status').innerText.includes('näher heran'), null, { timeout: 90000 });
  check((await live.innerText('#scan-status')).includes('Gehen Sie näher heran und sorgen Sie für mehr Licht.'),
    'a code located but not read asks to move closer and add light');
  await shot(live, '15-live-closer');
  await accessible(live, 'the live scan asking to move closer');
  await context.clock.fastForward('00:31');
  await live.waitForSelector('#result-body .card', { timeout: 60000 });
  const text = await live.innerText('#result');
  check(text.includes('Kein Code erkannt') && text.includes('In 30 Sekunden haben wir keinen QR-Code lesen können.')
    && text.includes('Ein QR-Code war zu sehen, aber nicht lesbar.') && text.includes('Tipps für ein besseres Foto'),
  'the live scan stops after 30 s, with advice');
  check(await live.isHidden('#scanner'), 'the camera is off after 30 s');
  await shot(live, '16-live-stopped');
  await accessible(live, 'the stopped live scan');
});

// Camera access refused (the browser's prompt answered "no"): the page says so and offers a
// photo instead.
{
  const denying = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...flags, '--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  });
  try {
    const page = await (await denying.newContext({ viewport: PHONE, locale: 'de-DE', bypassCSP: true })).newPage();
    await page.goto(base);
    await page.click('#live-btn');
    await page.waitForSelector('#result-body .error-box', { timeout: 20000 });
    const text = await page.innerText('#result');
    check(text.includes('Die Kamera ist nicht verfügbar') && text.includes('nehmen Sie stattdessen ein Foto auf') && await page.isHidden('#scanner'),
      'camera access refused: the page says so and offers a photo instead');
    await shot(page, '17-camera-refused');
    await accessible(page, 'camera access refused');
  } catch (error) {
    console.log(`FAIL  ${error.stack || error}`);
    failures += 1;
  } finally {
    await denying.close();
  }
}

// A browser with a barcode detector looks first, but hands over text, not bytes: the module
// reads the frame it saw a code in, and that reading is the result. Chromium on Linux has no
// BarcodeDetector, so the page gets one that "sees" another code's text.
await withCamera(settings.camera, async (context, live) => {
  await context.addInitScript((code) => {
    window.__looks = 0;
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return ['qr_code']; }
      async detect() { window.__looks += 1; return [{ rawValue: code }]; }
    };
  }, ISO_CODE);
  await context.addInitScript(RECORDER);
  const sentAny = [];
  live.on('request', (r) => { if (r.method() !== 'GET') sentAny.push(r.url()); });
  await live.goto(base);
  await live.click('#live-btn');
  await live.waitForFunction(() => (document.querySelector('#result-body') || {}).innerText?.includes('Stadtkasse'), null, { timeout: 60000 });
  const text = await live.innerText('#result');
  check(text.includes('Stadtkasse Musterstadt') && !text.includes('Müllheim') && await live.evaluate(() => window.__looks) > 0,
    'the detector looks first, and the module\'s reading of the frame (the code\'s own bytes) is what shows');
  check(sentAny.length === 0, `nothing was sent: ${sentAny.join(', ')}`);
});

// Where the module cannot load (here: its wasm is blocked), the server's page falls back to the
// server's API, and says so before anything is sent.
{
  const old = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
  try {
    const context = await old.newContext({ viewport: PHONE, locale: 'de-DE', bypassCSP: true, serviceWorkers: 'block' });
    await context.route('**/*.wasm', (route) => route.abort());
    await context.addInitScript(RECORDER);
    const page = await context.newPage();
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
    await page.goto(base);
    await page.waitForSelector('#mode-note:not([hidden])', { timeout: 30000 });
    const note = await page.innerText('#mode-note');
    check(note.includes('Ihr Browser kann die Prüfung nicht selbst ausführen') && note.includes('geht Ihr Foto, Ihre Datei oder Ihr Text deshalb an den Server von Stadt Musterstadt')
      && posts.length === 0, 'without the module, the page says before anything is sent that checks go to the server');
    const foot = await visibleText(page, 'footer');
    check(foot.includes('geht nur an den Server von Stadt Musterstadt') && !foot.includes('verlässt Ihr Gerät nicht'), 'and the privacy note says what is sent where');
    await page.fill('#in-text', ISO_CODE);
    await page.click('#form-paste button[type=submit]');
    await settled(page);
    const text = await visibleText(page, '#result');
    check(text.includes('Stadt Müllheim') && posts.length === 1 && posts[0].includes('/api/v1/check'), 'then the server checks the text (one POST to its API)');
    await shot(page, '18-fallback');
    await accessible(page, 'the server fallback');
  } catch (error) {
    console.log(`FAIL  ${error.stack || error}`);
    failures += 1;
  } finally {
    await old.close();
  }
}

console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
process.exit(failures === 0 ? 0 : 1);
