/** Options of one check. */
export interface VerifyOptions {
    /** Language of messages; default German. */
    lang?: 'de' | 'en';
    /** Fills the document's `source`, as a file's path does on the command line; default `-`. */
    name?: string;
    /** The text of a payee list, as `giroscope check --payees FILE` reads it. */
    payees?: string;
}

/** Options of `init`. */
export interface InitOptions {
    /**
     * `false` takes the build without WebAssembly SIMD, which runtimes without SIMD get anyway
     * (for tests). Counts only before the first module is loaded.
     */
    simd?: boolean;
}

/** Loads the photo module from beside this file (optional: the checks load it too). */
export function init(options?: InitOptions): Promise<void>;

/**
 * Checks payload text, an image (PNG, JPEG, GIF, WebP, BMP, TIFF) or a PDF, and resolves to
 * the JSON document `giroscope check --format json` prints for it. An input that cannot be
 * checked gives that document with its error, as the command line does; only unusable options
 * reject.
 */
export function verify(bytes: Uint8Array | ArrayBuffer, options?: VerifyOptions): Promise<string>;

/**
 * Checks one live-camera frame: `width` × `height` RGBA pixels (4 bytes each) or grey ones
 * (1 byte each), under a frame's work budget. Resolves to the same document as `verify`.
 */
export function verifyFrame(
    pixels: Uint8Array | Uint8ClampedArray | ArrayBuffer,
    width: number,
    height: number,
    options?: VerifyOptions,
): Promise<string>;
