// The browser module as a JS developer's CI uses it: imported by its package name in Node 20
// (node --test tests/wasm/), each export doing what its types promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, verify, verifyFrame, __trapForTest } from 'giroscope';

const payload = 'BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR35\n\n\nKassenzeichen 5.1234.567890.1';
const result = async (promise) => JSON.parse(await promise).results[0];
// Written by the Rust test that runs this file (tests/it/wasm.rs), or by `cargo run --example frames`.
const frames = new URL(`file://${process.env.GIROSCOPE_FRAMES ?? new URL('../../target/frames', import.meta.url).pathname}/`);

test('init loads the photo module and can be called again', async () => {
    await init();
    await init();
});

test('payload text gives the valid verdict, in German by default and in English when asked', async () => {
    const de = await result(verify(new TextEncoder().encode(payload)));
    assert.equal(de.verdict, 'valid');
    assert.equal(de.source, '-');
    const en = JSON.parse(await verify(new TextEncoder().encode(payload), { lang: 'en', name: 'notice.txt' }));
    assert.equal(en.results[0].source, 'notice.txt');
    assert.equal(en.summary.inputs, 1);
});

test('an ArrayBuffer is taken as well as a Uint8Array', async () => {
    const bytes = new TextEncoder().encode(payload);
    assert.equal((await result(verify(bytes.buffer))).verdict, 'valid');
});

test('a payee list confirms the account, as --payees does', async () => {
    const codes = (await result(verify(new TextEncoder().encode(payload), { payees: 'DE02120300000000202051,Stadtkasse Musterstadt\n' }))).codes;
    assert.ok(codes[0].findings.some((f) => f.code === 'PAYEE-CONFIRMED'), JSON.stringify(codes[0].findings));
});

test('a photo is read, and a PDF loads the full module', async () => {
    const photo = await result(verify(await readFile(new URL('../../samples/images/phone-perspective.jpg', import.meta.url))));
    assert.equal(photo.codes.length, 1);
    const pdf = await readdirFirst(new URL('../../samples/pdf/', import.meta.url), '.pdf');
    const notice = await result(verify(await readFile(pdf)));
    assert.ok(notice.codes.length >= 1, JSON.stringify(notice).slice(0, 300));
});

async function readdirFirst(dir, suffix) {
    const { readdir } = await import('node:fs/promises');
    const name = (await readdir(dir)).filter((f) => f.endsWith(suffix)).sort()[0];
    return new URL(name, dir);
}

test('bad input is a document with the error, never a rejection', async () => {
    const junk = await result(verify(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x13])));
    assert.match(junk.error.code, /^INPUT-/);
    // Empty input is payload text, as on the command line: a code that pays nothing.
    const empty = await result(verify(new Uint8Array()));
    assert.equal(empty.verdict, 'not-payable');
});

test('unusable options reject with a message', async () => {
    await assert.rejects(verify(new Uint8Array([66]), { lang: 'fr' }), /lang must be 'de' or 'en'/);
    await assert.rejects(verify(new Uint8Array([66]), { payees: 'not,a list' }), /payees/);
    await assert.rejects(verify('BCD'), TypeError);
});

test('a camera frame with a code is read, in RGBA and in grey; one without gives no code', async () => {
    const rgba = new Uint8Array(await readFile(new URL('notice-1280x720.rgba', frames)));
    const read = await result(verifyFrame(rgba, 1280, 720));
    assert.equal(read.codes.length, 1, JSON.stringify(read.findings));
    const grey = rgba.filter((_, i) => i % 4 === 1);
    assert.equal((await result(verifyFrame(grey, 1280, 720))).codes.length, 1);
    const blank = new Uint8Array(await readFile(new URL('no-code-1280x720.rgba', frames)));
    const none = await result(verifyFrame(blank, 1280, 720));
    assert.deepEqual(none.findings.map((f) => f.code), ['IMAGE-NO-CODE']);
});

test('pixels that do not fill the frame are an INPUT-CORRUPT document', async () => {
    const frame = await result(verifyFrame(new Uint8Array(100), 1280, 720));
    assert.equal(frame.error.code, 'INPUT-CORRUPT');
    await assert.rejects(verifyFrame(new Uint8Array(4), 1.5, 1), TypeError);
});

test('a trap inside the module gives the internal-error document and the next check works', async () => {
    const trapped = await result(__trapForTest({ name: 'notice.jpg' }));
    assert.equal(trapped.error.code, 'INPUT-INTERNAL-ERROR');
    assert.equal(trapped.source, 'notice.jpg');
    assert.equal((await result(verify(new TextEncoder().encode(payload)))).verdict, 'valid');
});
