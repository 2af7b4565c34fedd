// giroscope's browser module against zxing-wasm, in one Node process, on BoofCV's phone photos
// (../shared/corpus/boofcv-photos): fresh file bytes into each module for every photo (JPEG
// decoding inside each), the two taking turns photo by photo, so load on this shared machine
// falls on both alike. Then 1280×720 camera frames (target/frames/*.rgba, written by
// `cargo run --release --example frames`), with and without a code in view.
//
//   node benches/wasm/bench.mjs [--short] [--runs N] [--corpus DIR] [--frames DIR] [--module DIR] [--worst N]
//
// Each photo is read `--runs` times by each module (3 unless said), and each module's fastest
// run counts. `--module` takes another build of the npm package directory (to compare builds);
// `--worst N` lists the N photos with the highest time ratio (where to profile).
//
// A code counts as read when its centre lies inside one of the photo's ground-truth polygons,
// each polygon once (as the corpus runner counts). Times are per photo, in milliseconds.
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : fallback;
};
const short = args.includes('--short');
const worst = Number(option('--worst', 0));
const repeat = Math.max(1, Number(option('--runs', 3)));
const corpus = option('--corpus', path.resolve(root, '../shared/corpus/boofcv-photos'));
const frames = option('--frames', path.resolve(root, 'target/frames'));
const module = option('--module', path.resolve(root, 'crates/giroscope-web/npm'));
const { init, verify, verifyFrame } = await import(pathToFileURL(path.join(module, 'giroscope.js')).href);

prepareZXingModule({
    overrides: {
        wasmBinary: await readFile(path.join(here, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')),
    },
    fireImmediately: true,
});
await init();
const zxingOptions = { formats: ['QRCode'], tryHarder: true, tryInvert: true, maxNumberOfSymbols: 255 };

function polygons(text) {
    // After an optional `SETS` line: 8 numbers a line, or 4 lines of 2, per polygon.
    const numbers = text.split('\n').filter((line) => !line.startsWith('#') && line.trim() !== 'SETS')
        .join(' ').trim().split(/\s+/).filter(Boolean).map(Number);
    const found = [];
    for (let i = 0; i + 8 <= numbers.length; i += 8) {
        found.push([0, 1, 2, 3].map((k) => [numbers[i + 2 * k], numbers[i + 2 * k + 1]]));
    }
    return found;
}

function inside([x, y], polygon) {
    let odd = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [xi, yi] = polygon[i];
        const [xj, yj] = polygon[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
    return odd;
}

function count(centres, truth) {
    const used = new Set();
    for (const centre of centres) {
        const hit = truth.findIndex((polygon, i) => !used.has(i) && inside(centre, polygon));
        if (hit >= 0) used.add(hit);
    }
    return used.size;
}

const mean = (points) => [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];

/** A JPEG's EXIF orientation (1–8), 1 when it has none. */
function orientation(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return 1;
    for (let at = 2; at + 4 <= view.byteLength;) {
        const marker = view.getUint16(at);
        const length = view.getUint16(at + 2);
        if (marker === 0xffe1 && view.getUint32(at + 4) === 0x45786966) {
            const tiff = at + 10;
            const little = view.getUint16(tiff) === 0x4949;
            const ifd = tiff + view.getUint32(tiff + 4, little);
            for (let i = 0, n = view.getUint16(ifd, little); i < n; i++) {
                const entry = ifd + 2 + 12 * i;
                if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little);
            }
            return 1;
        }
        if (marker === 0xffda) return 1;
        at += 2 + length;
    }
    return 1;
}

/** A point of the upright picture (giroscope reports those) in stored pixels (the ground truth's). */
function stored([u, v], turn, upright) {
    const swapped = turn >= 5;
    const [w, h] = swapped ? [upright.height, upright.width] : [upright.width, upright.height];
    switch (turn) {
        case 2: return [w - u, v];
        case 3: return [w - u, h - v];
        case 4: return [u, h - v];
        case 5: return [v, u];
        case 6: return [v, h - u];
        case 7: return [w - v, h - u];
        case 8: return [w - v, u];
        default: return [u, v];
    }
}

async function giroscope(bytes) {
    const turn = orientation(bytes);
    const started = performance.now();
    const document = JSON.parse(await verify(bytes));
    const ms = performance.now() - started;
    const result = document.results[0];
    const codes = result.codes ?? [];
    return { ms, centres: codes.map((c) => stored(mean(c.symbol.corners), turn, result.image)) };
}

async function zxing(bytes) {
    const started = performance.now();
    const results = await readBarcodes(bytes, zxingOptions);
    const ms = performance.now() - started;
    return {
        ms,
        centres: results.filter((r) => r.isValid).map(({ position: p }) =>
            mean([p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map((q) => [q.x, q.y]))),
    };
}

function quantile(values, q) {
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

if (!existsSync(corpus)) {
    console.error(`no photos: ${corpus} is absent`);
    process.exit(2);
}
const rows = [];
const total = { photos: 0, codes: 0, ours: 0, theirs: 0, oursMs: [], theirsMs: [], ratios: [], photoRatios: [] };
let turn = 0;
for (const category of (await readdir(corpus, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const dir = path.join(corpus, category);
    let photos = (await readdir(dir)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    if (short) photos = photos.slice(0, 2);
    const row = { category, photos: 0, codes: 0, ours: 0, theirs: 0, oursMs: [], theirsMs: [] };
    for (const photo of photos) {
        const truth = polygons(await readFile(path.join(dir, photo.replace(/\.\w+$/, '.txt')), 'utf8'));
        const file = path.join(dir, photo);
        // Fresh bytes for each module and run; the two take turns going first. Each keeps its
        // fastest run: a garbage collection or another process on this shared machine lands
        // on one run of a few milliseconds and would decide that photo's ratio.
        const runs = {};
        for (let run = 0; run < repeat; run++) {
            for (const which of turn++ % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours']) {
                const bytes = new Uint8Array(await readFile(file));
                const result = which === 'ours' ? await giroscope(bytes) : await zxing(bytes);
                if (!runs[which] || result.ms < runs[which].ms) runs[which] = result;
            }
        }
        row.photos += 1;
        row.codes += truth.length;
        row.ours += count(runs.ours.centres, truth);
        row.theirs += count(runs.theirs.centres, truth);
        row.oursMs.push(runs.ours.ms);
        row.theirsMs.push(runs.theirs.ms);
        const ratio = runs.ours.ms / Math.max(runs.theirs.ms, 0.05);
        total.ratios.push(ratio);
        total.photoRatios.push({ photo: `${category}/${photo}`, ratio, ours: runs.ours.ms, theirs: runs.theirs.ms, theirsRead: runs.theirs.centres.length > 0 });
    }
    rows.push(row);
    for (const key of ['photos', 'codes', 'ours', 'theirs']) total[key] += row[key];
    total.oursMs.push(...row.oursMs);
    total.theirsMs.push(...row.theirsMs);
}

console.log('| category | photos | codes | giroscope (wasm) | zxing-wasm | median ms: giroscope / zxing-wasm | p95 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
    const mark = r.ours < r.theirs ? ' ⚠' : '';
    console.log(`| ${r.category} | ${r.photos} | ${r.codes} | ${r.ours}${mark} | ${r.theirs} | ${fmt(quantile(r.oursMs, 0.5))} / ${fmt(quantile(r.theirsMs, 0.5))} | ${fmt(quantile(r.oursMs, 0.95))} / ${fmt(quantile(r.theirsMs, 0.95))} |`);
}
console.log(`| **all** | ${total.photos} | ${total.codes} | **${total.ours}** | **${total.theirs}** | **${fmt(quantile(total.oursMs, 0.5))} / ${fmt(quantile(total.theirsMs, 0.5))}** | ${fmt(quantile(total.oursMs, 0.95))} / ${fmt(quantile(total.theirsMs, 0.95))} |`);
console.log(`\ncodes read: ${(total.ours / Math.max(total.theirs, 1)).toFixed(3)}× zxing-wasm's; per-photo time ratio giroscope / zxing-wasm: median ${quantile(total.ratios, 0.5).toFixed(2)}, p95 ${quantile(total.ratios, 0.95).toFixed(2)}`);
// Where the tail comes from: photos zxing-wasm reads a code in, and photos it gives up on.
for (const [what, read] of [['reads a code in', true], ['reads nothing in', false]]) {
    const ratios = total.photoRatios.filter((r) => r.theirsRead === read).map((r) => r.ratio);
    console.log(`photos zxing-wasm ${what} (${ratios.length}): time ratio median ${quantile(ratios, 0.5).toFixed(2)}, p95 ${quantile(ratios, 0.95).toFixed(2)}`);
}
console.log(`photos over twice zxing-wasm's time: ${total.ratios.filter((r) => r > 2).length} of ${total.ratios.length}`);
const behind = rows.filter((r) => r.ours < r.theirs).map((r) => r.category);
if (behind.length) console.log(`behind zxing-wasm in: ${behind.join(', ')}`);
if (worst > 0) {
    console.log(`\n| photo | ratio | giroscope ms | zxing-wasm ms |\n|---|---|---|---|`);
    for (const r of [...total.photoRatios].sort((a, b) => b.ratio - a.ratio).slice(0, worst)) {
        console.log(`| ${r.photo} | ${r.ratio.toFixed(1)} | ${fmt(r.ours)} | ${fmt(r.theirs)} |`);
    }
}

// Camera frames: RGBA, 1280×720.
if (existsSync(frames)) {
    const files = (await readdir(frames)).filter((f) => f.endsWith('.rgba')).sort();
    console.log('\n| frame | giroscope median ms | codes | zxing-wasm median ms | codes |');
    console.log('|---|---|---|---|---|');
    for (const file of files) {
        const [width, height] = file.match(/(\d+)x(\d+)/).slice(1).map(Number);
        const pixels = new Uint8Array(await readFile(path.join(frames, file)));
        const ours = [];
        const theirs = [];
        let oursCodes = 0;
        let theirsCodes = 0;
        for (let i = 0; i < (short ? 3 : 15); i++) {
            let started = performance.now();
            const document = JSON.parse(await verifyFrame(pixels, width, height));
            ours.push(performance.now() - started);
            oursCodes = (document.results[0].codes ?? []).length;
            started = performance.now();
            const results = await readBarcodes({ data: new Uint8ClampedArray(pixels.buffer), width, height, colorSpace: 'srgb' }, zxingOptions);
            theirs.push(performance.now() - started);
            theirsCodes = results.filter((r) => r.isValid).length;
        }
        console.log(`| ${file} | ${fmt(quantile(ours, 0.5))} | ${oursCodes} | ${fmt(quantile(theirs, 0.5))} | ${theirsCodes} |`);
    }
} else {
    console.log(`\n(no frames: ${frames} is absent; cargo run --release --example frames writes them)`);
}
