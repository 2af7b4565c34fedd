/* giroscope – the citizens' page. Plain ES2020, no dependencies.
 * The check runs on the device: worker.js runs the giroscope module (WebAssembly) off the main
 * thread on photos, PDFs, pasted text and camera frames, and this script renders its JSON
 * report with the same verdicts and words as the no-JavaScript report (render/html.rs). No
 * input is sent anywhere. Only on a server's page (giroscope serve), and only where the module
 * cannot load, the page falls back to POST /api/v1/check, and says so before anything is
 * sent; without JavaScript the server's forms answer with a page. Every word comes from
 * strings.json. */
'use strict';
(() => {
  // ---------------------------------------------------------------- settings
  const ROOT = document.documentElement;
  const PAGE = JSON.parse(document.getElementById('page-strings').textContent);
  /** {server: whether a server can check when the module cannot, payees: the operator's
   *  payee list, handed to the module with every check}. */
  const CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  /** The largest file taken (the server's body limit; a multipart envelope needs a few
   *  hundred bytes of it): larger ones are refused before they are read into memory. */
  const MAX_BYTES = (Number(ROOT.dataset.maxBytes) || 20 * 1024 * 1024) - 16 * 1024;
  /** Only on the way to the server (the fallback) are photos shrunk, to about this many
   *  pixels: a 3 cm code on a photographed A4 page keeps about 5 pixels a module, and the
   *  upload is a tenth of a 12 MP original. On the device a photo is read as it is. */
  const SHRINK_PIXELS = 2800000;
  /** Photos up to this size and pixel count go up as they are. */
  const KEEP_BYTES = 3 * 1024 * 1024;
  /** Formats the server reads; others are refused here, before any upload. */
  const READABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'image/tiff', 'application/pdf'];
  /** Live scanning stops after this long, with advice. */
  const SCAN_SECONDS = 30;
  /** Frames a second sent while live scanning through the server without a barcode detector. */
  const FRAME_MS = 500;
  /** With a barcode detector, frames in which it sees nothing are still read by the module
   *  every this many frames: it reads codes the detector misses, and says "move closer". */
  const UNSEEN_EVERY = 4;
  /** Characters of the Verwendungszweck that banking apps take over. */
  const TEXT_SHOWN = 140;

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const state = {
    lang: 'de',
    lastInput: null, // {type:'text', text} | {type:'file', blob, name}
    lastReport: null,
    reportLang: null, // the language the report's issuer help is in
    lastError: null,
    busy: false,
    seq: 0,
    abort: null,
  };

  /** The page's words by key, with {name} placeholders filled from `vars`. */
  const t = (key, vars) => {
    let text = (PAGE[state.lang] && PAGE[state.lang][key]) ?? PAGE.de[key] ?? key;
    if (vars) for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  const reducedMotion = () => window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Tiny DOM builder: h('p', {class:'x'}, 'text', child) – text is always text, never HTML. */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  // ---------------------------------------------------------------- language
  function pickInitialLang() {
    const ok = (l) => (l === 'de' || l === 'en' ? l : null);
    const q = ok(new URLSearchParams(location.search).get('lang'));
    if (q) return q;
    try {
      const s = ok(localStorage.getItem('giroscope.lang'));
      if (s) return s;
    } catch (_) { /* storage blocked */ }
    return ok(ROOT.dataset.lang) || 'de';
  }

  function applyStaticStrings() {
    ROOT.lang = state.lang;
    document.title = t('docTitle');
    for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of $$('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
    for (const inp of $$('input[name="lang"]')) inp.value = state.lang;
    for (const form of $$('form[action]')) form.setAttribute('action', `check?lang=${state.lang}`);
    for (const b of $$('.lang-btn')) {
      if (b.dataset.lang === state.lang) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  function setLang(lang) {
    if (lang === state.lang) return;
    state.lang = lang;
    try { localStorage.setItem('giroscope.lang', lang); } catch (_) { /* ignore */ }
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    applyStaticStrings();
    if (scan.active) setScanStatus(t('scanHint'));
    // The report carries the citizen's words in both languages: render again in place. Text is
    // checked again in the new language (the issuer's help too); a photo is not sent again.
    if (state.lastError) renderError(state.lastError, false);
    else if (state.lastReport) renderReport(state.lastReport, false);
    if (state.lastReport && state.lastInput && state.lastInput.type === 'text' && !state.busy) {
      runCheck(state.lastInput, { moveFocus: false });
    }
  }

  // ---------------------------------------------------------------- the check on the device
  /** The module in a Web Worker. `ready` resolves to true once it can check, false where it
   *  cannot load (no WebAssembly, no module workers, the files blocked). */
  const engine = { worker: null, ready: null, next: 0, waiting: new Map(), failed: false };

  function startEngine() {
    if (engine.ready) return engine.ready;
    engine.ready = new Promise((resolve) => {
      try {
        if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') throw new Error('unsupported');
        engine.worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
      } catch (_) {
        resolve(false);
        return;
      }
      engine.worker.onmessage = ({ data }) => {
        const answer = engine.waiting.get(data.id);
        engine.waiting.delete(data.id);
        if (answer) answer(data);
      };
      // A worker that cannot start (a browser without module workers) or fails to load.
      engine.worker.onerror = (event) => {
        if (event && event.preventDefault) event.preventDefault();
        engine.failed = true;
        for (const answer of engine.waiting.values()) answer({ ok: false, message: 'worker failed' });
        engine.waiting.clear();
        resolve(false);
      };
      ask({ kind: 'init' }).then((answer) => resolve(!!answer.ok));
    });
    return engine.ready;
  }

  /** One message to the worker and its answer. */
  function ask(message, transfer) {
    return new Promise((resolve) => {
      if (engine.failed) { resolve({ ok: false, message: 'worker failed' }); return; }
      const id = ++engine.next;
      engine.waiting.set(id, resolve);
      engine.worker.postMessage({ id, ...message }, transfer || []);
    });
  }

  /** The module failed on an input (not a finding: it could not run). */
  class DeviceError extends Error {}

  /** The report's JSON from the worker, parsed. */
  async function askReport(message, transfer) {
    const answer = await ask(message, transfer);
    if (!answer.ok) throw new DeviceError(answer.message);
    return JSON.parse(answer.json);
  }

  /** The charsets line 3 may declare, as the WHATWG names them (2: ISO 8859-1 is the
   *  identity on 0xA0–0xFF and needs no table). */
  const CHARSETS = { 3: 'iso-8859-2', 4: 'iso-8859-4', 5: 'iso-8859-5', 6: 'iso-8859-7', 7: 'iso-8859-10', 8: 'iso-8859-15' };
  const charTables = {};

  /** The bytes of a code whose text went through Unicode (a text box, a barcode detector):
   *  encoded in the charset line 3 declares, as the code itself holds it, CRLF as LF; a
   *  character the charset lacks as UTF-8, so the check reports it. The same as the library's
   *  giroscope::payload::from_text, which the server applies to its `text` field. */
  function textBytes(raw) {
    const text = raw.replace(/\r\n/g, '\n');
    const digit = text.split('\n')[2];
    if (!/^[2-8]$/.test(digit || '')) return new TextEncoder().encode(text);
    let table = charTables[digit];
    if (!table) {
      table = new Map();
      const decoder = digit === '2' ? null : new TextDecoder(CHARSETS[digit]);
      for (let byte = 0xa0; byte <= 0xff; byte++) {
        const c = decoder ? decoder.decode(new Uint8Array([byte])) : String.fromCharCode(byte);
        if (c !== '\ufffd') table.set(c, byte);
      }
      charTables[digit] = table;
    }
    const out = [];
    const utf8 = new TextEncoder();
    for (const c of text) {
      const code = c.codePointAt(0);
      if (code < 0x80) out.push(code);
      else if (table.has(c)) out.push(table.get(c));
      else out.push(...utf8.encode(c));
    }
    return new Uint8Array(out);
  }

  /** Checks text or a file on the device. The file is read without decoding it here: the
   *  module decodes it in the worker, so the page stays responsive. */
  async function deviceCheck(input, lang) {
    let bytes;
    let name = 'text';
    if (input.type === 'text') bytes = textBytes(input.text).buffer;
    else {
      const file = input.blob;
      const type = (file.type || '').toLowerCase();
      const pdf = type === 'application/pdf' || /\.pdf$/i.test(file.name || '');
      if (type && !pdf && !type.startsWith('image/')) throw new LocalError('errType');
      if (file.size > MAX_BYTES) throw new LocalError('errTooLarge');
      bytes = await file.arrayBuffer();
      name = input.name || (pdf ? 'dokument.pdf' : 'foto');
    }
    return askReport({ kind: 'bytes', bytes, lang, name, payees: CONFIG.payees }, [bytes]);
  }

  /** An input the module could not check (too large, damaged, a format it does not read)
   *  comes back as a report with an error, said as the server said it. */
  const reportError = (rep) => { const r = resultOf(rep); return r && r.error ? { kind: 'api', status: 422, body: r.error } : null; };

  /** Where the module cannot load: on a server's page, checks go to the server, said in
   *  words (here and in the privacy note) before anything is sent; on plain files the page
   *  says it cannot check. */
  function enterFallback() {
    const note = $('#mode-note');
    note.dataset.i18n = CONFIG.server ? 'modeFallback' : 'errNoEngine';
    note.textContent = t(note.dataset.i18n);
    note.hidden = false;
    if (!CONFIG.server) return;
    for (const el of $$('[data-privacy="device"]')) el.hidden = true;
    for (const el of $$('[data-privacy="server"]')) el.classList.remove('nojs-only');
    for (const el of $$('[data-privacy="fallback"]')) el.hidden = false;
  }

  // ---------------------------------------------------------------- API (the server fallback)
  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      super(`HTTP ${status}`);
      this.status = status;
      this.body = body && body.error ? body.error : null;
      this.retryAfter = retryAfter;
    }
  }
  /** An error found here, before anything was sent. */
  class LocalError extends Error {
    constructor(key) { super(key); this.key = key; }
  }

  /** POST /api/v1/check with upload progress. Text goes as the `text` field, which the server
   *  encodes in the charset line 3 declares; a Blob part keeps its line breaks as they are. */
  function postCheck(input, lang, { signal, onProgress } = {}) {
    return new Promise((resolve, reject) => {
      const fd = new FormData();
      if (input.type === 'text') fd.append('text', new Blob([input.text], { type: 'text/plain;charset=utf-8' }), 'text.txt');
      else fd.append('file', input.blob, input.name || 'upload');
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/check?lang=${encodeURIComponent(lang)}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.timeout = 120000;
      if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (_) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300 && body) { resolve(body); return; }
        const ra = parseInt(xhr.getResponseHeader('Retry-After') || '', 10);
        reject(new ApiError(xhr.status, body, Number.isFinite(ra) ? ra : null));
      };
      xhr.onerror = () => reject(new ApiError(0, null, null));
      xhr.ontimeout = () => reject(new ApiError(504, null, null));
      xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
      if (signal) {
        if (signal.aborted) { xhr.abort(); return; }
        signal.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.send(fd);
    });
  }

  const resultOf = (rep) => (rep && rep.results && rep.results[0]) || null;
  const foundNoGiroCode = (rep) => { const r = resultOf(rep); return !!r && (r.verdict === 'no-code' || r.verdict === 'unreadable'); };

  // ---------------------------------------------------------------- photos
  /** Decodes an image with its EXIF orientation applied; null where this browser cannot. */
  async function decode(file) {
    if (window.createImageBitmap) {
      try { return await createImageBitmap(file, { imageOrientation: 'from-image' }); } catch (_) { /* try an <img> */ }
    }
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.decoding = 'async';
      img.src = url;
      await img.decode();
      return img;
    } catch (_) {
      return null;
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  /** What to upload for a picked file: a photo shrunk to about 2.8 MP (EXIF orientation
   *  applied), with the original kept for a second try when it fits the limit; a PDF or a
   *  small picture as it is. Type and size are checked here, against the server's limit. */
  async function prepare(file) {
    const type = (file.type || '').toLowerCase();
    const pdf = type === 'application/pdf' || /\.pdf$/i.test(file.name || '');
    if (pdf) {
      if (file.size > MAX_BYTES) throw new LocalError('errTooLarge');
      return { blob: file, name: file.name || 'dokument.pdf', original: null };
    }
    if (type && !type.startsWith('image/')) throw new LocalError('errType');
    const image = await decode(file);
    const fits = file.size <= MAX_BYTES && (!type || READABLE.includes(type));
    if (!image) {
      // The server names what it is (HEIC says how to export a JPEG), if it may be sent.
      if (file.size > MAX_BYTES) throw new LocalError('errTooLarge');
      return { blob: file, name: file.name || 'foto', original: null };
    }
    const width = image.width || image.naturalWidth;
    const height = image.height || image.naturalHeight;
    const pixels = width * height;
    if (fits && pixels <= SHRINK_PIXELS && file.size <= KEEP_BYTES) {
      if (image.close) image.close();
      return { blob: file, name: file.name || 'foto', original: null };
    }
    const scale = Math.min(1, Math.sqrt(SHRINK_PIXELS / pixels));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    if (image.close) image.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    canvas.width = 0; // free the pixels at once on phones
    if (!blob) {
      if (!fits) throw new LocalError('errTooLarge');
      return { blob: file, name: file.name || 'foto', original: null };
    }
    return { blob, name: 'foto.jpg', original: fits ? file : null };
  }

  // ---------------------------------------------------------------- busy
  function setBusy(on, key, progress) {
    state.busy = on;
    const busy = $('#busy');
    if (!on) busy.replaceChildren();
    else {
      const text = t(key || 'busyCheck');
      const label = busy.querySelector('.busy-text');
      // Only a new sentence is announced; progress moves silently.
      if (!label || label.textContent !== text) {
        busy.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { class: 'busy-text' }, text));
      }
      let bar = busy.querySelector('progress');
      if (progress != null) {
        if (!bar) { bar = h('progress', { max: '100', 'aria-label': t('progressLabel') }); busy.append(bar); }
        bar.value = Math.round(progress * 100);
      } else if (bar) bar.remove();
    }
    for (const el of $$('#actions button, #actions input, #actions textarea')) el.disabled = on;
    for (const el of $$('.lang-btn')) el.setAttribute('aria-disabled', String(on));
    for (const l of $$('.file-label')) l.setAttribute('aria-disabled', String(on));
    $('#result').setAttribute('aria-busy', String(on));
  }

  async function runCheck(input, { moveFocus = true, prepared = false } = {}) {
    if (scan.active) stopLive(false);
    if (state.abort) state.abort.abort();
    const ctl = new AbortController();
    state.abort = ctl;
    const seq = ++state.seq;
    const lang = state.lang;
    const progress = (fraction) => { if (seq === state.seq) setBusy(true, 'busyUpload', fraction); };
    try {
      // Said only when the module is still on its way (the first visit, a slow line).
      let onDevice = await Promise.race([startEngine(), sleep(0).then(() => null)]);
      if (onDevice === null) {
        setBusy(true, 'busyLoad');
        onDevice = await startEngine();
        if (seq !== state.seq) return;
      }
      if (onDevice) {
        setBusy(true, 'busyCheck');
        const rep = await deviceCheck(input, lang);
        if (seq !== state.seq) return;
        state.lastInput = input;
        state.reportLang = lang;
        setBusy(false);
        const error = reportError(rep);
        if (error) {
          if (!moveFocus && state.lastReport) return;
          state.lastError = error;
          state.lastReport = null;
          renderError(error, moveFocus);
          return;
        }
        state.lastReport = rep;
        state.lastError = null;
        renderReport(rep, moveFocus);
        return;
      }
      if (!CONFIG.server) throw new LocalError('errNoEngine');
      let upload = input;
      if (input.type === 'file' && !prepared) {
        setBusy(true, 'busyShrink');
        const ready = await prepare(input.blob);
        if (seq !== state.seq) return;
        upload = { type: 'file', blob: ready.blob, name: ready.name, original: ready.original };
      }
      setBusy(true, upload.type === 'file' ? 'busyUpload' : 'busyCheck', upload.type === 'file' ? 0 : null);
      let rep = await postCheck(upload, lang, { signal: ctl.signal, onProgress: upload.type === 'file' ? progress : null });
      if (seq !== state.seq) return;
      // A shrunk photo without a readable code: once more at full size.
      if (upload.original && foundNoGiroCode(rep)) {
        setBusy(true, 'busyRetry', 0);
        const full = { type: 'file', blob: upload.original, name: upload.original.name || 'foto' };
        const second = await postCheck(full, lang, { signal: ctl.signal, onProgress: (f) => setBusy(true, 'busyRetry', f) });
        if (seq !== state.seq) return;
        if (!foundNoGiroCode(second)) { rep = second; upload = full; }
      }
      state.lastInput = upload.type === 'file' ? { type: 'file', blob: upload.blob, name: upload.name } : upload;
      state.lastReport = rep;
      state.reportLang = lang;
      state.lastError = null;
      setBusy(false);
      renderReport(rep, moveFocus);
    } catch (e) {
      if (seq !== state.seq) return;
      setBusy(false);
      if (e && e.name === 'AbortError') e = new ApiError(504, null, null);
      if (!moveFocus && state.lastReport) return; // a quiet re-check for a language switch: keep what is shown
      state.lastError = normaliseError(e);
      state.lastReport = null;
      renderError(state.lastError, moveFocus);
    } finally {
      if (state.abort === ctl) state.abort = null;
    }
  }

  // ---------------------------------------------------------------- errors
  function normaliseError(e) {
    if (e && e.kind) return e;
    if (e instanceof LocalError) return { kind: 'local', key: e.key };
    if (e instanceof DeviceError) return { kind: 'local', key: 'errGeneric' };
    const status = e instanceof ApiError ? e.status : 0;
    return { kind: 'api', status, body: e instanceof ApiError ? e.body : null, retryAfter: e instanceof ApiError ? e.retryAfter : null };
  }

  function errorText(err) {
    if (err.kind === 'camera' || err.kind === 'local') return t(err.key);
    const b = err.body;
    if (b && ((b.messages && b.messages[state.lang]) || b.message)) return (b.messages && b.messages[state.lang]) || b.message;
    switch (err.status) {
      case 0: return t('errNet');
      case 413: return t('errTooLarge');
      case 415: return t('errType');
      case 503: return t('err503');
      case 504: return t('err504');
      default: return t('errGeneric');
    }
  }

  function renderError(err, moveFocus) {
    const title = err.kind === 'camera' ? t('camTitle') : t('errTitle');
    const box = h('div', { class: 'error-box' },
      h('h3', { class: 'error-h', tabindex: '-1' }, title),
      h('p', null, errorText(err)),
      err.retryAfter ? h('p', null, t('retryIn', { seconds: err.retryAfter })) : null,
      err.body && err.body.code ? h('p', { class: 'small' }, `${t('errCode')}: `, h('code', null, err.body.code)) : null,
    );
    showResult([box, againButton()], moveFocus);
  }

  // ---------------------------------------------------------------- formatting
  const fmtIban = (iban) => String(iban).replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

  function fmtAmount(amount) {
    if (amount == null || amount === '') return null;
    const a = String(amount);
    if (/^\d{1,12}(\.\d{1,2})?$/.test(a)) {
      try {
        return new Intl.NumberFormat(state.lang === 'de' ? 'de-DE' : 'en-IE', { style: 'currency', currency: 'EUR' }).format(Number(a));
      } catch (_) { /* fall through */ }
    }
    return `${a} EUR`;
  }

  /** A finding's words in the page's language: the citizen's text, or the issuer's message. */
  const citizenOf = (f) => (f.citizen_messages && f.citizen_messages[state.lang]) || f.citizen || f.code;
  const messageOf = (f) => (f.messages && f.messages[state.lang]) || f.message || f.code;

  // ---------------------------------------------------------------- verdicts
  /** Colour, icon and words of a verdict; the same table as render/html.rs `look`. */
  function look(verdict, readability, documentWide) {
    const green = readability === 'green';
    switch (verdict) {
      case 'valid': return ['green', '✔', 'vValid', 'vValidSub'];
      case 'valid-with-warnings': return green ? ['green', '✔', 'vWarn', 'vWarnSubGreen'] : ['yellow', '!', 'vWarn', 'vWarnSubYellow'];
      case 'nonconforming': return ['yellow', '!', 'vNonconf', green ? 'vNonconfSubGreen' : 'vNonconfSubYellow'];
      case 'not-payable': return ['red', '✘', 'vNotPayable', 'vNotPayableSub'];
      case 'not-girocode': return ['grey', '?', 'vNotGiro', 'vNotGiroSub'];
      case 'unreadable': return ['grey', '?', 'vUnreadable', 'vUnreadableSub'];
      default: return ['grey', '?', 'vNoCode', documentWide ? 'vNoCodeSubDoc' : 'vNoCodeSub'];
    }
  }

  /** What the citizen can do; the same table as render/html.rs `actions`. */
  function actions(verdict, readability, payee) {
    let keys;
    switch (verdict) {
      case 'not-payable': return ['doByHand', 'doTell'];
      case 'not-girocode': return ['doFindCode', 'doByHand'];
      case 'unreadable': case 'no-code': return ['doRetake', 'doByHand'];
      case 'valid': keys = ['doCompare']; break;
      case 'valid-with-warnings': keys = readability === 'green' ? ['doCompare'] : ['doCompare', 'doTellBetter']; break;
      default: keys = ['doCompare', 'doTellBetter'];
    }
    if (!payee) keys.push('doVop');
    return keys;
  }

  /** Findings that the verdict's own words say, or that have a place of their own. */
  const SAID_ELSEWHERE = ['IMAGE-NO-CODE', 'IMAGE-UNREADABLE-CODE', 'NOT-GIROCODE', 'PAYEE-CONFIRMED', 'PAYEE-UNKNOWN'];

  // ---------------------------------------------------------------- report
  function showResult(nodes, moveFocus) {
    $('#result-body').replaceChildren(...nodes);
    if (moveFocus) {
      // Focus says the result once; the result region itself is not live.
      const target = $('#result-body [tabindex="-1"]') || $('#result-h');
      target.focus({ preventScroll: true });
      $('#result').scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
    }
  }

  function againButton() {
    return h('button', {
      type: 'button', class: 'btn btn-secondary again',
      onclick: () => {
        const target = $('.js.cam #live-btn') || $('#in-photo');
        $('#actions').scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
        target.focus({ preventScroll: true });
      },
    }, t('again'));
  }

  function photoAgainButton() {
    return h('button', { type: 'button', class: 'btn btn-primary', onclick: () => $('#in-photo').click() }, t('tryAgain'));
  }

  function renderReport(rep, moveFocus) {
    const r = resultOf(rep);
    if (!r) { renderError({ kind: 'api', status: 500, body: null }, moveFocus); return; }
    const codes = r.codes || [];
    const giro = codes.filter((c) => c.kind === 'girocode' && c.verdict !== 'not-girocode');
    const documentWide = r.pages != null;
    const nodes = [];
    if (!giro.length) {
      const findings = (r.findings || []).concat(...codes.filter((c) => c.kind === 'girocode').map((c) => c.findings || []));
      const notGiro = findings.find((f) => f.code === 'NOT-GIROCODE');
      nodes.push(card({ verdict: r.verdict, readability: 'red', documentWide, sub: notGiro ? citizenOf(notGiro) : null, findings, result: r }));
    } else {
      if (documentWide || giro.length > 1 || (r.findings || []).length) nodes.push(summary(r, giro));
      giro.forEach((c, i) => {
        const label = [];
        if (giro.length > 1) label.push(t('codeOf', { i: i + 1, n: giro.length }));
        if (c.page != null) label.push(t('sumOnPage', { page: c.page }));
        nodes.push(card({ label: label.join(' · '), verdict: c.verdict, readability: c.readability, documentWide, code: c, findings: c.findings || [], result: r }));
      });
    }
    // Other codes beside a GiroCode are neutral information.
    for (const c of codes.filter((x) => x.kind === 'other')) {
      for (const f of c.findings || []) nodes.push(h('p', { class: 'note other-code' }, h('span', { 'aria-hidden': 'true' }, 'ℹ'), ' ', citizenOf(f)));
    }
    nodes.push(againButton());
    showResult(nodes, moveFocus);
  }

  /** The summary's headline, about all codes; the same table as render/html.rs. */
  const SUMMARY_TITLE = { valid: 'dValid', 'valid-with-warnings': 'dWarn', nonconforming: 'dNonconf' };

  /** `notes`: for a summary whose codes are all payable, red becomes yellow: a page without a
   *  code is a note about the document, whatever it makes of the verdict. */
  function light(verdict, readability, documentWide, sub, heading, notes) {
    let [cls, icon, codeTitle, subKey] = look(verdict, readability, documentWide);
    if (notes && verdict === 'not-payable') [cls, icon] = ['yellow', '!'];
    const title = heading ? codeTitle : (SUMMARY_TITLE[verdict] || 'dNotPayable');
    return h('div', { class: `light ${cls}` },
      h('span', { class: 'light-icon', 'aria-hidden': 'true' }, icon),
      h('div', null,
        heading ? h('h3', { class: 'light-text', tabindex: '-1' }, t(title)) : h('p', { class: 'light-text' }, t(title)),
        h('p', { class: 'light-sub' }, sub || t(subKey))));
  }

  /** The document at a glance: verdict, what it holds, findings about it as a whole. */
  function summary(r, giro) {
    const rank = { green: 0, yellow: 1, red: 2 };
    const worst = giro.map((c) => c.readability).concat((r.findings || []).map((f) => f.readability))
      .reduce((a, b) => (rank[b] > rank[a] ? b : a), 'green');
    const counts = [];
    if (r.pages === 1) counts.push(t('sumPage1'));
    else if (r.pages != null) counts.push(t('sumPages', { pages: r.pages }));
    counts.push(giro.length === 1 ? t('sumCode1') : t('sumCodes', { codes: giro.length }));
    return h('section', { class: 'card summary', 'aria-labelledby': 'sum-h' },
      h('h3', { id: 'sum-h', class: 'card-h' }, t('sumTitle')),
      light(r.verdict, worst, true, `${counts.join(', ')}.`, false, giro.every((c) => c.verdict !== 'not-payable')),
      findingsList(r.findings || []));
  }

  function card({ label, verdict, readability, documentWide, sub, code, findings, result }) {
    const payee = payeeBlock(findings);
    // A warning about the account comes first; a confirmation under the account it confirms.
    const warning = findings.some((f) => f.code === 'PAYEE-UNKNOWN');
    const parts = [
      label ? h('p', { class: 'code-label' }, label) : null,
      light(verdict, readability, documentWide, sub, true),
      warning ? payee : null,
      code ? payment(code) : null,
      warning ? null : payee,
      findingsList(findings),
      h('div', { class: 'todo' }, h('h4', null, t('whatToDo')),
        h('ul', null, actions(verdict, readability, !!payee).map((key) => h('li', null, t(key))))),
    ];
    if (verdict === 'unreadable' || verdict === 'no-code') {
      parts.push(h('h4', null, t('tipsTitle')), h('ul', { class: 'tips' }, ['tip1', 'tip2', 'tip3', 'tip4'].map((key) => h('li', null, t(key)))));
    }
    if (!code) parts.push(photoAgainButton());
    parts.push(issuer(findings, code, result));
    return h('section', { class: 'card' }, parts);
  }

  function payeeBlock(findings) {
    const f = findings.find((x) => x.code === 'PAYEE-CONFIRMED' || x.code === 'PAYEE-UNKNOWN');
    if (!f) return null;
    if (f.code === 'PAYEE-CONFIRMED') {
      return h('div', { class: 'payee ok' },
        h('h4', null, t('payeeOkTitle', { payee: (f.params && f.params.payee) || '' })),
        h('p', null, t('payeeOk')), h('p', null, t('payeeVop')));
    }
    return h('div', { class: 'payee bad' },
      h('h4', null, t('payeeBadTitle')), h('p', null, t('payeeBad')),
      h('ul', null, h('li', null, t('payeeStep1')), h('li', null, t('payeeStep2')), h('li', null, t('payeeStep3'))),
      h('p', null, t('payeeOther')), h('p', null, t('payeeVop')));
  }

  /** The transfer as the banking app shows it; the Verwendungszweck cut where apps cut it. */
  function payment(c) {
    const f = c.fields || {};
    const findings = c.findings || [];
    const flagged = new Set(findings.filter((x) => x.severity !== 'info').map((x) => x.field));
    const none = (key) => h('span', { class: 'none' }, t(key));
    const row = (key, field, value, cls) => h('div', { class: `pay-row${flagged.has(field) ? ' flag' : ''}` },
      h('dt', null, t(key), flagged.has(field) ? h('span', { class: 'sr' }, ' ', t('flagged')) : null),
      h('dd', { class: cls || null }, value));
    const amount = fmtAmount(f.amount);
    const badAmount = findings.find((x) => x.field === 'amount' && x.severity === 'error' && x.params && x.params.value);
    const rows = [
      row('fName', 'name', f.name ? f.name : none('notGiven')),
      row('fIban', 'iban', f.iban ? fmtIban(f.iban) : none('notGiven'), f.iban ? 'iban' : null),
      f.bic ? row('fBic', 'bic', f.bic, 'iban') : null,
      row('fAmount', 'amount', amount || (badAmount ? h('span', { class: 'none' }, `${badAmount.params.value}: ${t('amountUnreadable')}`) : none('amountNone')), amount ? 'amount' : null),
    ];
    if (f.reference) rows.push(row('fRef', 'reference', f.reference));
    if (f.text) {
      const chars = Array.from(f.text);
      const value = chars.length <= TEXT_SHOWN ? f.text : [
        chars.slice(0, TEXT_SHOWN).join(''),
        h('span', { class: 'cut', 'aria-hidden': 'true' }, ' ✂ '),
        h('s', { class: 'lost' }, h('span', { class: 'sr' }, `${t('cutLost')} `), chars.slice(TEXT_SHOWN).join('')),
        h('span', { class: 'cut-note' }, t('cutNote')),
      ];
      rows.push(row('fText', 'text', value));
    } else if (!f.reference) rows.push(row('fText', 'text', none('notGiven')));
    if (f.information) rows.push(row('fInfo', 'information', f.information));
    return [h('h4', null, c.readability === 'red' ? t('payTitleRed') : t('payTitle')), h('dl', { class: 'pay' }, rows)];
  }

  function findingsList(findings) {
    const shown = findings.filter((f) => !SAID_ELSEWHERE.includes(f.code));
    if (!shown.length) return null;
    return [h('h4', null, t('findingsTitle')),
      h('ul', { class: 'findings' }, shown.map((f) => h('li', { class: `finding ${f.severity}` }, citizenOf(f))))];
  }

  // ---------------------------------------------------------------- for the issuing office
  function val(v) {
    if (v == null) return '–';
    if (v === true) return t('yes');
    if (v === false) return t('no');
    if (Array.isArray(v)) return v.length ? v.map((x) => (Array.isArray(x) ? `(${x.join(', ')})` : String(x))).join(', ') : '–';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }
  const pct = (x) => (typeof x === 'number' ? `${Math.round(x * 100)} %` : val(x));
  const num = (x, unit) => (typeof x === 'number' ? `${Math.round(x * 100) / 100}${unit ? '\u00a0' + unit : ''}` : val(x));

  function table(rows) {
    // line breaks after "_" in long technical keys (quiet_zone_mm), nowhere else
    const key = (k) => k.split('_').flatMap((p, i, a) => (i < a.length - 1 ? [p + '_', h('wbr')] : [p]));
    const body = rows.filter(Boolean).map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, key(k)), h('td', null, v)));
    return h('table', null, h('tbody', null, body));
  }

  function payloadPre(payload) {
    const lines = String(payload).split('\n');
    const w = String(lines.length).length;
    const pre = h('pre', { tabindex: '0' });
    lines.forEach((ln, i) => {
      pre.append(h('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1).padStart(w, ' ') + '│ '));
      pre.append(ln.replace(/\r/g, '␍').replace(/\t/g, '→') + (i < lines.length - 1 ? '\n' : ''));
    });
    return pre;
  }

  /** The issuer's view, collapsed: message, help, code and rule of every finding, the symbol's
   *  facts and the content of the code. The help is in the language the report was made in. */
  function issuer(findings, c, r) {
    const reportLang = state.reportLang || state.lang;
    const parts = [h('p', null, t('issuerIntro')), h('h4', null, t('issuerFindings'))];
    if (!findings.length) parts.push(h('p', null, t('issuerNone')));
    for (const f of findings) {
      parts.push(h('div', { class: 'f-item' },
        h('p', null, h('strong', null, messageOf(f))),
        f.help ? h('p', { lang: reportLang }, `${t('issuerHelp')} ${f.help}`) : null,
        table([['code', h('code', null, f.code)], ['severity', val(f.severity)], ['readability', val(f.readability)],
          ['field', val(f.field)], ['line', val(f.line)], ['rule', val(f.rule)],
          f.params && Object.keys(f.params).length ? ['params', h('code', null, JSON.stringify(f.params))] : null])));
    }
    const s = c && c.symbol;
    if (s) {
      parts.push(h('h4', null, t('qaSymbol')), table([
        ['version', `${val(s.version)} (${val(s.size)}×${val(s.size)})`], ['ec_level', val(s.ec_level)], ['mask', val(s.mask)],
        ['module_px', num(s.module_px, 'px')], ['module_mm', num(s.module_mm, 'mm')],
        ['quiet_zone', num(s.quiet_zone, 'mod.')], ['quiet_zone_mm', num(s.quiet_zone_mm, 'mm')], ['quiet_zone_cut', val(s.quiet_zone_cut)],
        ['contrast', pct(s.contrast)], ['unused_error_correction', pct(s.unused_error_correction)], ['corrected_errors', val(s.corrected_errors)],
        ['eci', val(s.eci)], ['modes', val(s.modes)], ['mirrored', val(s.mirrored)], ['inverted', val(s.inverted)],
        ['structured_append', val(s.structured_append)], ['position_mm', val(s.position_mm)], ['corners', val(s.corners)],
        ['engines', val(s.engines)], ['step', val(s.step)],
      ]));
    }
    if (r && (r.image || r.pages != null)) {
      parts.push(h('h4', null, t('qaImage')), table([
        r.image ? ['image', `${r.image.width}×${r.image.height}\u00a0px`] : null,
        ['pages', val(r.pages)],
      ]));
    }
    if (c && c.payload != null) parts.push(h('h4', null, t('qaPayload')), payloadPre(c.payload));
    if (state.lastReport) {
      parts.push(h('details', null, h('summary', null, t('qaJson')), h('pre', { tabindex: '0' }, JSON.stringify(state.lastReport, null, 2))));
    }
    return h('details', { class: 'qa' }, h('summary', null, t('issuerTitle')), h('div', { class: 'qa-body' }, parts));
  }

  // ---------------------------------------------------------------- live camera
  const scan = { active: false, token: 0, stream: null, detector: null, abort: null, otherSeen: 0, started: 0, sawCode: false };

  /** A new sentence only: the status is a live region, and the same words again would be
   *  announced again with every frame. */
  function setScanStatus(s) { const el = $('#scan-status'); if (el.textContent !== s) el.textContent = s; }

  async function makeDetector() {
    if (!('BarcodeDetector' in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats && formats.includes('qr_code')) return new window.BarcodeDetector({ formats: ['qr_code'] });
    } catch (_) { /* unsupported */ }
    return null;
  }

  function cameraError(e) {
    const n = e && e.name;
    const key = n === 'NotAllowedError' || n === 'SecurityError' || n === 'PermissionDeniedError' ? 'camDenied'
      : n === 'NotFoundError' || n === 'OverconstrainedError' || n === 'DevicesNotFoundError' ? 'camNotFound'
        : n === 'NotReadableError' || n === 'TrackStartError' ? 'camInUse'
          : n === 'unsupported' ? 'camUnsupported' : 'camFailed';
    return { kind: 'camera', key };
  }

  async function startLive() {
    if (scan.active || state.busy) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      state.lastError = cameraError({ name: 'unsupported' });
      renderError(state.lastError, true);
      return;
    }
    const token = ++scan.token;
    scan.active = true;
    scan.sawCode = false;
    $('#scanner').hidden = false;
    $('#live-btn').disabled = true;
    setScanStatus(t('scanStarting'));
    $('#scanner').scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        // 720p: a 3 cm code held at reading distance has pixels enough, and the module reads
        // a 720p frame in tens of milliseconds on a phone.
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (e) {
      if (token !== scan.token) return;
      stopLive(false);
      state.lastError = cameraError(e);
      state.lastReport = null;
      renderError(state.lastError, true);
      return;
    }
    if (token !== scan.token) { stream.getTracks().forEach((tr) => tr.stop()); return; }
    scan.stream = stream;
    const video = $('#video');
    video.srcObject = stream;
    try { await video.play(); } catch (_) { /* autoplay muted should work */ }
    $('#stop-btn').focus({ preventScroll: true });
    scan.detector = await makeDetector();
    if (token !== scan.token) return;
    const onDevice = await startEngine();
    if (token !== scan.token) return;
    if (!onDevice && !CONFIG.server) {
      stopLive(false);
      state.lastError = { kind: 'local', key: 'errNoEngine' };
      state.lastReport = null;
      renderError(state.lastError, true);
      return;
    }
    setScanStatus(t('scanHint'));
    scan.started = performance.now();
    if (onDevice) deviceLoop(token);
    else if (scan.detector) detectLoop(token);
    else uploadLoop(token);
  }

  function stopLive(moveFocus) {
    scan.token++;
    scan.active = false;
    if (scan.abort) { scan.abort.abort(); scan.abort = null; }
    if (scan.stream) { scan.stream.getTracks().forEach((tr) => tr.stop()); scan.stream = null; }
    const video = $('#video');
    video.pause();
    video.srcObject = null;
    $('#scanner').hidden = true;
    $('#live-btn').disabled = state.busy;
    scan.otherSeen = 0;
    if (moveFocus) $('#live-btn').focus();
  }

  /** After SCAN_SECONDS without a code the camera goes off, with advice. */
  function timedOut(token) {
    if (token !== scan.token) return true;
    if (performance.now() - scan.started < SCAN_SECONDS * 1000) return false;
    const sawCode = scan.sawCode;
    stopLive(false);
    state.lastReport = null;
    state.lastError = null;
    showResult([h('section', { class: 'card' },
      h('div', { class: 'light grey' }, h('span', { class: 'light-icon', 'aria-hidden': 'true' }, '?'),
        h('div', null, h('h3', { class: 'light-text', tabindex: '-1' }, t('scanTimeoutTitle')),
          h('p', { class: 'light-sub' }, t('scanTimeout', { seconds: SCAN_SECONDS })))),
      sawCode ? h('p', null, t('scanTimeoutCloser')) : null,
      h('h4', null, t('tipsTitle')),
      h('ul', { class: 'tips' }, ['tip1', 'tip2', 'tip3', 'tip4'].map((key) => h('li', null, t(key)))),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: startLive }, t('scanAgain')),
      photoAgainButton())], true);
    return true;
  }

  /** On the device: frame after frame, each read by the module in the worker while the next
   *  waits (a slow phone reads fewer frames, never falls behind). Where the browser has a
   *  barcode detector it looks first: its text has no bytes, ECI or version, so a code it sees
   *  is read by the module from the same frame before anything shows; frames in which it sees
   *  nothing are read every UNSEEN_EVERY frames. Nothing leaves the device. */
  async function deviceLoop(token) {
    const video = $('#video');
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    let frame = 0;
    let seenUnread = 0;
    while (scan.active && token === scan.token) {
      if (timedOut(token)) return;
      if (video.readyState < 2 || !video.videoWidth) { await sleep(50); continue; }
      frame++;
      let seen = null;
      if (scan.detector) {
        try {
          const found = await scan.detector.detect(video);
          if (token !== scan.token) return;
          const texts = found.map((b) => b.rawValue).filter((x) => typeof x === 'string' && x.length);
          seen = texts.find((x) => x.startsWith('BCD')) || texts[0] || null;
        } catch (_) { /* detector hiccup: the module reads this frame */ }
        if (!seen && frame % UNSEEN_EVERY !== 0) { await sleep(30); continue; }
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      ctx.drawImage(video, 0, 0);
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer;
      let rep;
      try {
        rep = await askReport({ kind: 'frame', pixels, width: canvas.width, height: canvas.height, lang: state.lang, name: 'kamera', payees: CONFIG.payees }, [pixels]);
      } catch (e) {
        if (token !== scan.token) return;
        stopLive(false);
        state.lastError = normaliseError(e);
        state.lastReport = null;
        renderError(state.lastError, true);
        return;
      }
      if (token !== scan.token) return;
      const r = resultOf(rep);
      if (r && (r.codes || []).length) {
        stopLive(false);
        state.lastInput = { type: 'frame' };
        state.lastReport = rep;
        state.reportLang = state.lang;
        state.lastError = null;
        renderReport(rep, true);
        return;
      }
      // The detector keeps seeing a code the module cannot read from its frames: its text
      // is checked (without the code's own bytes), rather than nothing at all.
      if (seen && ++seenUnread >= 10) {
        setScanStatus(t('scanFound'));
        stopLive(false);
        await runCheck({ type: 'text', text: seen });
        return;
      }
      if (r && r.verdict === 'unreadable') { scan.sawCode = true; setScanStatus(t('scanCloser')); } else setScanStatus(t('scanHint'));
      // Let the page paint and take input between frames.
      await sleep(0);
    }
  }

  /** The server fallback with a barcode detector: only the text of the code is sent. */
  async function detectLoop(token) {
    const video = $('#video');
    while (scan.active && token === scan.token) {
      if (timedOut(token)) return;
      if (video.readyState >= 2) {
        try {
          const found = await scan.detector.detect(video);
          if (token !== scan.token) return;
          const texts = found.map((b) => b.rawValue).filter((s) => typeof s === 'string' && s.length);
          // Prefer a GiroCode (starts with BCD); take another code only if it stays alone a while.
          let pick = texts.find((s) => s.startsWith('BCD'));
          if (!pick && texts.length) { scan.otherSeen++; if (scan.otherSeen >= 10) pick = texts[0]; }
          if (pick) {
            setScanStatus(t('scanFound'));
            stopLive(false);
            await runCheck({ type: 'text', text: pick });
            return;
          }
        } catch (_) { /* detector hiccup: keep going */ }
      }
      await sleep(150);
    }
  }

  function grabFrame(canvas, video) {
    const w = video.videoWidth, hgt = video.videoHeight;
    const scale = Math.min(1, 960 / Math.max(w, hgt));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(hgt * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
  }

  /** The server fallback without a barcode detector: about two frames a second to the
   *  server, for at most SCAN_SECONDS. A code located but not read asks to move closer. */
  async function uploadLoop(token) {
    const video = $('#video');
    const canvas = document.createElement('canvas');
    while (scan.active && token === scan.token) {
      if (timedOut(token)) return;
      const t0 = performance.now();
      let wait = 0;
      if (video.readyState >= 2 && video.videoWidth) {
        const blob = await grabFrame(canvas, video);
        if (token !== scan.token) return;
        if (!blob) continue;
        const ctl = new AbortController();
        scan.abort = ctl;
        const lang = state.lang;
        try {
          const rep = await postCheck({ type: 'file', blob, name: 'kamera.jpg' }, lang, { signal: ctl.signal });
          if (token !== scan.token) return;
          const r = resultOf(rep);
          if (r && (r.codes || []).length) {
            stopLive(false);
            state.lastInput = { type: 'file', blob, name: 'kamera.jpg' };
            state.lastReport = rep;
            state.reportLang = lang;
            state.lastError = null;
            renderReport(rep, true);
            return;
          }
          if (r && r.verdict === 'unreadable') { scan.sawCode = true; setScanStatus(t('scanCloser')); } else setScanStatus(t('scanHint'));
        } catch (e) {
          if (token !== scan.token || (e && e.name === 'AbortError')) return;
          if (e instanceof ApiError && (e.status === 503 || e.status === 429)) {
            setScanStatus(t('scanBusy'));
            wait = (e.retryAfter || 2) * 1000;
          } else if (e instanceof ApiError && e.status === 0) {
            setScanStatus(t('scanNet'));
            wait = 1500;
          } else if (e instanceof ApiError && (e.status === 504 || e.status === 422)) {
            wait = FRAME_MS;
          } else {
            stopLive(false);
            state.lastError = normaliseError(e);
            state.lastReport = null;
            renderError(state.lastError, true);
            return;
          }
        } finally {
          if (scan.abort === ctl) scan.abort = null;
        }
      }
      const dt = performance.now() - t0;
      await sleep(Math.max(wait, FRAME_MS - dt, 50));
    }
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    state.lang = pickInitialLang();
    applyStaticStrings();
    // The module loads at once, in the worker, so that the first check need not wait for it.
    startEngine().then((ok) => { if (!ok) enterFallback(); });
    // Offline after the first visit: the service worker keeps the page and the module.
    if ('serviceWorker' in navigator && window.isSecureContext) {
      navigator.serviceWorker.register('sw.js').catch(() => { /* the page works without it */ });
    }
    // The language links work without JavaScript (the server renders the page); here they
    // switch in place and keep what is on screen.
    for (const b of $$('.lang-btn')) {
      b.addEventListener('click', (event) => {
        event.preventDefault();
        if (!state.busy) setLang(b.dataset.lang);
      });
    }

    for (const id of ['in-photo', 'in-file']) {
      const inp = document.getElementById(id);
      inp.addEventListener('change', () => {
        const file = inp.files && inp.files[0];
        if (!file) return;
        inp.value = ''; // allow choosing the same file again
        runCheck({ type: 'file', blob: file, name: file.name });
      });
    }
    for (const id of ['form-photo', 'form-file']) {
      document.getElementById(id).addEventListener('submit', (ev) => ev.preventDefault());
    }

    const ta = $('#in-text');
    const hint = $('#paste-hint');
    const submitPaste = () => {
      const text = ta.value;
      const old = $('#paste-error');
      if (old) old.remove();
      if (!text.trim()) {
        ta.setAttribute('aria-invalid', 'true');
        hint.after(h('p', { id: 'paste-error', class: 'error-box' }, t('pasteEmpty')));
        ta.setAttribute('aria-describedby', 'paste-hint paste-error');
        ta.focus();
        return;
      }
      ta.removeAttribute('aria-invalid');
      ta.setAttribute('aria-describedby', 'paste-hint');
      runCheck({ type: 'text', text });
    };
    $('#form-paste').addEventListener('submit', (ev) => { ev.preventDefault(); if (!state.busy) submitPaste(); });
    ta.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !state.busy) { ev.preventDefault(); submitPaste(); }
    });

    if (ROOT.classList.contains('cam')) {
      $('#live-btn').addEventListener('click', startLive);
      $('#stop-btn').addEventListener('click', () => stopLive(true));
      document.addEventListener('visibilitychange', () => { if (document.hidden && scan.active) stopLive(false); });
      window.addEventListener('pagehide', () => { if (scan.active) stopLive(false); });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
