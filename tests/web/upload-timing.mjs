// What shrinking photos on the phone costs and saves, side by side in one run: the page
// (shrink to 2.8 MP, upload, check) against the same photo uploaded at full size, on loopback
// and on an emulated slow mobile upload (750 kbit/s up, 150 ms latency). By hand, not in CI:
//   giroscope serve --addr 127.0.0.1:18432 &
//   node tests/web/upload-timing.mjs http://127.0.0.1:18432/ PHOTO.jpg
// (the browser test leaves a 12 MP photo in target/web-artifacts/photo-12mp.jpg).
import fs from 'fs';
import { chromium } from 'playwright-core';

const [base, photo] = process.argv.slice(2);
const bytes = fs.readFileSync(photo).toString('base64');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const [label, kbps] of [['loopback', 0], ['slow mobile upload, 750 kbit/s', 750]]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(base);
    if (kbps) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 150, downloadThroughput: 1600 * 1024 / 8, uploadThroughput: kbps * 1024 / 8,
      });
    }
    const shrunk = [];
    const full = [];
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => document.getElementById('result-body').replaceChildren());
      const started = Date.now();
      await page.setInputFiles('#in-photo', photo);
      await page.waitForSelector('#result-body .card', { timeout: 120000 });
      shrunk.push(Date.now() - started);
      full.push(await page.evaluate(async (data) => {
        const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
        const form = new FormData();
        form.append('file', blob, 'photo.jpg');
        const begun = performance.now();
        await (await fetch('/api/v1/check', { method: 'POST', body: form })).json();
        return Math.round(performance.now() - begun);
      }, bytes));
    }
    console.log(`${label}: shrunk on the page ${shrunk.join(', ')} ms; full size ${full.join(', ')} ms`);
    await context.close();
  }
} finally {
  await browser.close();
}
