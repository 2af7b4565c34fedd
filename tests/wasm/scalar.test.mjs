// The build without WebAssembly SIMD, which browsers without SIMD get: it loads and reads
// photos and PDFs. (tests/it/wasm.rs compares its documents with the command line's.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, verify } from 'giroscope';

test('init({ simd: false }) loads the scalar build, which reads a photo and a PDF', async () => {
    await init({ simd: false });
    const photo = JSON.parse(await verify(await readFile(new URL('../../samples/images/phone-perspective.jpg', import.meta.url))));
    assert.equal(photo.results[0].codes.length, 1);
    const { readdir } = await import('node:fs/promises');
    const dir = new URL('../../samples/pdf/', import.meta.url);
    const pdf = new URL((await readdir(dir)).filter((f) => f.endsWith('.pdf')).sort()[0], dir);
    const notice = JSON.parse(await verify(await readFile(pdf)));
    assert.ok(notice.results[0].codes.length >= 1);
});
