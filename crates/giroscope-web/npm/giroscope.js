// giroscope in the browser and in Node 20: the checking library as WebAssembly, giving the
// same JSON document as `giroscope check --format json` for one input.
//
// Two modules sit beside this file: the photo module (giroscope_core*: payload text, JPEG,
// PNG, GIF, BMP) and the full module (giroscope_full*: PDF, TIFF and WebP as well), loaded
// only when one of those comes, so a photo check downloads only what it needs. Each comes as
// a build with WebAssembly SIMD (*_bg.wasm), which every current browser runs, and one without
// (*_scalar_bg.wasm) for those that cannot; only the one the runtime takes is fetched.
// Nothing is fetched from anywhere else.
import initCore, * as core from './giroscope_core.js';

const inNode = typeof process === 'object' && typeof process.versions?.node === 'string';

let coreReady;
let fullReady;
let suffix;

/** A function returning i8x16.popcnt(splat(0)): valid only where WebAssembly SIMD runs. */
const SIMD_PROBE = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** The .wasm file of a module, in the build this runtime takes. */
function wasmFile(module) {
    suffix ??= WebAssembly.validate(SIMD_PROBE) ? '' : '_scalar';
    return `giroscope_${module}${suffix}_bg.wasm`;
}

/** Instantiates a module's wasm, found beside this file: by URL in a browser, from the file in Node. */
async function instantiate(glueInit, file) {
    const url = new URL(file, import.meta.url);
    if (inNode) {
        // A specifier in a variable: bundlers for the browser leave it alone.
        const fs = 'node:fs/promises';
        const { readFile } = await import(fs);
        await glueInit({ module_or_path: await readFile(url) });
    } else {
        await glueInit({ module_or_path: url });
    }
}

/**
 * Loads the photo module. Called by `verify` and `verifyFrame` too; calling it first only
 * starts the download early. `{ simd: false }` takes the build without SIMD, which runtimes
 * without it get anyway (for tests); it counts only before the first module is loaded.
 */
export function init(options = {}) {
    if (options.simd === false && coreReady === undefined && fullReady === undefined) suffix = '_scalar';
    coreReady ??= instantiate(initCore, wasmFile('core')).catch((error) => {
        coreReady = undefined;
        throw error;
    });
    return coreReady;
}

function fullModule() {
    fullReady ??= import('./giroscope_full.js')
        .then(async (glue) => {
            await instantiate(glue.default, wasmFile('full'));
            return glue;
        })
        .catch((error) => {
            fullReady = undefined;
            throw error;
        });
    return fullReady;
}

function bytesOf(input, what) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError(`${what} must be a Uint8Array or an ArrayBuffer`);
}

/**
 * Runs one check. A panic inside the module traps it (wasm has no unwinding) and may leave
 * its memory half-changed, so the instance is replaced by a fresh one and the input gets the
 * report the command line gives for an internal error.
 */
function guarded(glue, check, lang, name) {
    try {
        return check();
    } catch (error) {
        if (!(error instanceof WebAssembly.RuntimeError)) throw error;
        glue.__wbg_reset_state();
        return glue.internalError(lang, name);
    }
}

/**
 * Checks payload text, an image or a PDF, and resolves to the JSON document
 * `giroscope check --format json` prints for it.
 */
export async function verify(bytes, options = {}) {
    const input = bytesOf(bytes, 'bytes');
    const { lang = 'de', name, payees } = options;
    await init();
    const glue = core.needsFullModule(input.subarray(0, 64)) ? await fullModule() : core;
    return guarded(glue, () => glue.verify(input, lang, name, payees), lang, name);
}

/**
 * Checks one live-camera frame: RGBA pixels (4 bytes each, as `getImageData` gives them) or
 * grey ones (1 byte each), under a frame's work budget, so that a frame without a code ends
 * quickly. Resolves to the same document as `verify` gives for a photo of the frame.
 */
export async function verifyFrame(pixels, width, height, options = {}) {
    const input = bytesOf(pixels, 'pixels');
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
        throw new TypeError('width and height must be whole numbers of pixels');
    }
    const { lang = 'de', name, payees } = options;
    await init();
    return guarded(core, () => core.verifyFrame(input, width, height, lang, name, payees), lang, name);
}

/**
 * Traps the photo module as a panic inside a check would, and reports what `verify` then
 * reports for the input: for the recovery test only.
 * @internal
 */
export async function __trapForTest(options = {}) {
    const { lang = 'de', name } = options;
    await init();
    return guarded(core, () => core.__trapForTest(), lang, name);
}
