// What checking on the device costs in Debian's Chromium, on the static site (`giroscope site`)
// behind the test's static server. By hand, not in CI (timings depend on the machine):
//   cargo run --release --example frames -- target/frames
//   giroscope site target/bench-site
//   node tests/web/device-bench.mjs target/bench-site target/frames PHOTO.jpg
// (the browser test leaves a 12 MP phone photo in target/web-artifacts/site-photo-12mp.jpg).
//
// 1. Camera frames in the page's worker: a 1280×720 frame with the code in view and one without,
//    one after another as the live scan sends them → ms per frame and frames a second.
// 2. The page's live scan from Chromium's fake camera showing 720p frames without a code, for
//    10 s: frames the page hands the worker per second, everything included (grab, transfer,
//    reading), and the main thread's long tasks meanwhile.
// 3. A 12 MP photo: read at full size against shrunk to 2.8 MP first (createImageBitmap with
//    resize, JPEG 0.9, as the page did before uploading) and read then, in the same worker.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { flags } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const [siteDir, framesDir, photoPath] = process.argv.slice(2).map((p) => p && resolve(p));
const { server, base } = await serveStatic({ root: siteDir });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const round = (x) => Math.round(x * 10) / 10;

/** A Y4M video (4:2:0) of `seconds` at 30 frames a second, all of one RGBA picture. */
function y4m(rgba, width, height, seconds) {
  const y = Buffer.alloc(width * height);
  for (let i = 0; i < width * height; i++) y[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
  const chroma = Buffer.alloc(width * height / 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`), ...Array(30 * seconds).fill(frame)]);
}

// ------------------------------------------------------------ 1. frames in the worker
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
const page = await browser.newPage();
await page.goto(base);
const frames = {};
for (const name of ['notice-1280x720.rgba', 'no-code-1280x720.rgba']) frames[name] = readFileSync(`${framesDir}/${name}`).toString('base64');
const perFrame = await page.evaluate(async ({ frames, rounds }) => {
  const worker = new Worker('worker.js', { type: 'module' });
  let next = 0;
  const ask = (message, transfer) => new Promise((done) => {
    const id = ++next;
    const listen = ({ data }) => { if (data.id === id) { worker.removeEventListener('message', listen); done(data); } };
    worker.addEventListener('message', listen);
    worker.postMessage({ id, ...message }, transfer);
  });
  await ask({ kind: 'init' }, []);
  const out = {};
  for (const [name, base64] of Object.entries(frames)) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const times = [];
    let read = 0;
    for (let i = 0; i < rounds; i++) {
      const pixels = bytes.slice().buffer;
      const t0 = performance.now();
      const answer = await ask({ kind: 'frame', pixels, width: 1280, height: 720, lang: 'de', name: 'kamera' }, [pixels]);
      times.push(performance.now() - t0);
      if (JSON.parse(answer.json).results[0].codes.length) read++;
    }
    out[name] = { times, read };
  }
  worker.terminate();
  return out;
}, { frames, rounds: 30 });
for (const [name, { times, read }] of Object.entries(perFrame)) {
  const ms = median(times.slice(3));
  console.log(`worker  ${name}: median ${round(ms)} ms a frame (${round(1000 / ms)} frames/s), code read in ${read} of ${times.length}`);
}

// ------------------------------------------------------------ 3. a 12 MP photo: full size or shrunk
if (photoPath) {
  const photo = readFileSync(photoPath).toString('base64');
  const photoTimes = await page.evaluate(async ({ photo, rounds }) => {
    const worker = new Worker('worker.js', { type: 'module' });
    let next = 0;
    const ask = (message, transfer) => new Promise((done) => {
      const id = ++next;
      const listen = ({ data }) => { if (data.id === id) { worker.removeEventListener('message', listen); done(data); } };
      worker.addEventListener('message', listen);
      worker.postMessage({ id, ...message }, transfer);
    });
    await ask({ kind: 'init' }, []);
    const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
    const blob = new Blob([bytes], { type: 'image/jpeg' });
    const out = { full: [], shrink: [], shrunkRead: [], fullCodes: 0, shrunkCodes: 0 };
    for (let i = 0; i < rounds; i++) {
      let buffer = bytes.slice().buffer;
      let t0 = performance.now();
      let answer = await ask({ kind: 'bytes', bytes: buffer, lang: 'de', name: 'foto' }, [buffer]);
      out.full.push(performance.now() - t0);
      out.fullCodes += JSON.parse(answer.json).results[0].codes.length;
      t0 = performance.now();
      const probe = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      const scale = Math.min(1, Math.sqrt(2800000 / (probe.width * probe.height)));
      const [w, h] = [Math.round(probe.width * scale), Math.round(probe.height * scale)];
      probe.close();
      const small = await createImageBitmap(blob, { imageOrientation: 'from-image', resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
      const canvas = new OffscreenCanvas(w, h);
      canvas.getContext('2d').drawImage(small, 0, 0);
      small.close();
      buffer = await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer();
      const t1 = performance.now();
      answer = await ask({ kind: 'bytes', bytes: buffer, lang: 'de', name: 'foto' }, [buffer]);
      out.shrink.push(t1 - t0);
      out.shrunkRead.push(performance.now() - t1);
      out.shrunkCodes += JSON.parse(answer.json).results[0].codes.length;
    }
    worker.terminate();
    return out;
  }, { photo, rounds: 5 });
  const full = median(photoTimes.full);
  const shrink = median(photoTimes.shrink);
  const shrunk = median(photoTimes.shrunkRead);
  console.log(`photo   full size: median ${Math.round(full)} ms (${photoTimes.fullCodes} codes in 5 reads); shrunk: ${Math.round(shrink)} ms shrinking + ${Math.round(shrunk)} ms reading = ${Math.round(shrink + shrunk)} ms (${photoTimes.shrunkCodes} codes in 5 reads)`);
}
await browser.close();

// ------------------------------------------------------------ 2. the page's live scan, 10 s
const video = `${framesDir}/no-code-1280x720.y4m`;
writeFileSync(video, y4m(readFileSync(`${framesDir}/no-code-1280x720.rgba`), 1280, 720, 1));
const camera = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...flags, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
});
const context = await camera.newContext({ viewport: { width: 390, height: 844 } });
await context.grantPermissions(['camera']);
await context.addInitScript(() => {
  window.__frames = [];
  window.__long = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.kind === 'frame') window.__frames.push(performance.now());
    return post.call(this, message, ...rest);
  };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
    .observe({ type: 'longtask', buffered: true });
});
const live = await context.newPage();
await live.goto(base);
await live.click('#live-btn');
await live.waitForFunction(() => window.__frames.length > 5, null, { timeout: 60000 });
await live.evaluate(() => { window.__frames = []; window.__long = []; });
await live.waitForTimeout(10000);
const { count, long } = await live.evaluate(() => ({ count: window.__frames.length, long: window.__long }));
console.log(`page    live scan, 720p without a code: ${round(count / 10)} frames/s read on the device; long tasks: ${long.length ? long.join(', ') + ' ms' : 'none'}`);
await camera.close();
server.close();
