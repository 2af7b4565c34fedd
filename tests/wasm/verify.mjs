// Runs the browser module (crates/giroscope-web/npm) in Node over a list of inputs, for the
// parity test (tests/it/wasm.rs): reads a JSON array of {path, name, lang, payees} on standard
// input and writes one JSON line {path, lang, document} per input, in order. `--scalar` takes
// the build without WebAssembly SIMD.
import { readFile } from 'node:fs/promises';
import { init, verify } from '../../crates/giroscope-web/npm/giroscope.js';

await init({ simd: !process.argv.includes('--scalar') });

let input = '';
for await (const chunk of process.stdin) input += chunk;
for (const job of JSON.parse(input)) {
    const bytes = await readFile(job.path);
    const payees = job.payees == null ? undefined : await readFile(job.payees, 'utf8');
    const document = await verify(bytes, { lang: job.lang, name: job.name, payees });
    const line = JSON.stringify({ path: job.path, lang: job.lang, document }) + '\n';
    if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}
