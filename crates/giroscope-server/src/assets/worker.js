// The check, off the page's main thread: the giroscope module (giroscope.js, beside this file)
// reads photos, PDFs, pasted text and camera frames here, so the page stays responsive while
// a 12 MP photo is read. Nothing leaves the device: the module fetches only its own wasm, from
// beside itself.
//
// Messages in:  {id, kind: 'init'}
//               {id, kind: 'bytes', bytes: ArrayBuffer, lang, name, payees}
//               {id, kind: 'frame', pixels: ArrayBuffer, width, height, lang, name, payees}
// Messages out: {id, ok: true, json} | {id, ok: false, message}
import { init, verify, verifyFrame } from './giroscope.js';

self.onmessage = async ({ data }) => {
  const { id, kind } = data;
  try {
    if (kind === 'init') {
      await init();
      self.postMessage({ id, ok: true });
      return;
    }
    const options = { lang: data.lang, name: data.name, payees: data.payees || undefined };
    const json = kind === 'frame'
      ? await verifyFrame(new Uint8Array(data.pixels), data.width, data.height, options)
      : await verify(new Uint8Array(data.bytes), options);
    self.postMessage({ id, ok: true, json });
  } catch (error) {
    self.postMessage({ id, ok: false, message: String((error && error.message) || error) });
  }
};
