/* giroscope – citizen page. Plain ES2020, no dependencies.
 * Progressive enhancement: index.html works without JS (POST /check);
 * this script intercepts the forms and talks to POST /api/v1/check. */
'use strict';
(() => {
  document.documentElement.classList.add('js');

  // ---------------------------------------------------------------- strings
  const T = {
    de: {
      scanStarting: 'Kamera wird gestartet …',
      scanSearching: 'Suche nach QR-Code … Halten Sie den Code in den Rahmen.',
      scanFound: 'Code erkannt – wird geprüft …',
      scanBusy: 'Der Dienst ist ausgelastet – neuer Versuch gleich …',
      scanNet: 'Verbindungsproblem – neuer Versuch …',
      pasteEmpty: 'Bitte fügen Sie zuerst den Text des Codes ein.',
      busy: 'Wird geprüft …',
      lightGreen: 'Der Code ist in Ordnung',
      lightYellow: 'Manche Banking-Apps haben Probleme',
      lightRed: 'Dieser Code funktioniert nicht',
      subGreen: 'Ihre Banking-App sollte ihn richtig lesen.',
      subGreenInvalid: 'Banking-Apps lesen ihn, er weicht aber vom Standard ab.',
      subYellow: 'Prüfen Sie die Angaben in Ihrer Banking-App genau.',
      subRed: 'Banking-Apps können ihn nicht oder nicht richtig lesen.',
      noCode: 'Kein QR-Code gefunden',
      noCodeSub: 'Auf dem Bild konnten wir keinen QR-Code erkennen.',
      notGiro: 'Das ist kein GiroCode',
      notGiroSub: 'Dieser QR-Code enthält keine Überweisung.',
      notGiroHint: 'Hat der Bescheid mehrere QR-Codes? Nehmen Sie den Code bei den Zahlungsangaben auf (oft mit „GiroCode“ oder „Zahlen mit Code“ beschriftet).',
      tipsTitle: 'Tipps für ein besseres Foto:',
      tips: [
        'Halten Sie die Kamera gerade über den Code, nicht schräg.',
        'Der Code soll das Bild gut ausfüllen – aber ganz zu sehen sein.',
        'Vermeiden Sie Spiegelungen und Schatten, sorgen Sie für gutes Licht.',
        'Halten Sie die Kamera ruhig, damit das Bild scharf ist.',
      ],
      tryAgain: 'Neues Foto aufnehmen',
      codeOf: (i, n) => `Code ${i} von ${n}`,
      page: (p) => `Seite ${p}`,
      payTitle: 'So zeigt Ihre Banking-App die Überweisung',
      payTitleRed: 'Diese Angaben stehen im Code',
      fName: 'Empfänger',
      fIban: 'IBAN',
      fBic: 'BIC',
      fAmount: 'Betrag',
      fText: 'Verwendungszweck',
      fRef: 'Referenz',
      fInfo: 'Hinweis für Sie',
      amountNone: 'nicht angegeben – Sie tragen den Betrag selbst ein',
      amountUnreadable: 'so geschrieben, dass Banking-Apps ihn falsch lesen',
      notGiven: 'nicht angegeben',
      flagged: '(auffällig)',
      compare: 'Vergleichen Sie Empfänger, IBAN und Betrag mit den Angaben auf dem Bescheid.',
      findingsTitle: 'Was uns aufgefallen ist',
      whatToDo: 'Was tun:',
      sev: { error: 'Fehler', warning: 'Warnung', info: 'Hinweis', hint: 'Hinweis', note: 'Hinweis' },
      advice: 'Bitte wenden Sie sich an die Stelle, die den Bescheid ausgestellt hat.',
      adviceManual: 'Bis dahin können Sie die Überweisung mit den Angaben auf dem Bescheid von Hand ausfüllen.',
      again: 'Weiteren Code prüfen',
      qaTitle: 'Technische Details (für Prüfer)',
      qaCode: 'Code',
      qaFindings: 'Befunde',
      qaSymbol: 'QR-Symbol',
      qaPayload: 'Rohdaten (Payload)',
      qaImage: 'Bild',
      qaJson: 'Vollständiger Bericht (JSON)',
      qaNone: 'keine',
      errTitle: 'Die Prüfung hat nicht geklappt',
      err413: 'Die Datei ist zu groß.',
      err415: 'Dieses Dateiformat wird nicht unterstützt. Bitte wählen Sie ein Foto (z.\u00a0B. JPEG, PNG) oder ein PDF.',
      err503: 'Der Dienst ist gerade ausgelastet.',
      err504: 'Die Prüfung hat zu lange gedauert.',
      errNet: 'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung.',
      errGeneric: 'Unerwarteter Fehler. Bitte versuchen Sie es noch einmal.',
      retryIn: (s) => `Bitte versuchen Sie es in ${s} Sekunden erneut.`,
      errCode: 'Fehlercode',
      camTitle: 'Kamera nicht verfügbar',
      camDenied: 'Sie haben den Kamerazugriff nicht erlaubt. Erlauben Sie die Kamera in den Einstellungen Ihres Browsers – oder nehmen Sie stattdessen ein Foto auf.',
      camNotFound: 'Es wurde keine Kamera gefunden. Wählen Sie stattdessen ein Foto oder eine Datei.',
      camInUse: 'Die Kamera wird gerade von einer anderen App benutzt. Schließen Sie die andere App oder nehmen Sie ein Foto auf.',
      camUnsupported: 'Ihr Browser unterstützt den Live-Scan nicht. Nehmen Sie stattdessen ein Foto auf.',
      camFailed: 'Die Kamera konnte nicht gestartet werden. Nehmen Sie stattdessen ein Foto auf.',
      yes: 'ja',
      no: 'nein',
    },
    en: {
      scanStarting: 'Starting camera …',
      scanSearching: 'Looking for a QR code … Hold the code inside the frame.',
      scanFound: 'Code detected – checking …',
      scanBusy: 'The service is busy – trying again shortly …',
      scanNet: 'Connection problem – trying again …',
      pasteEmpty: 'Please paste the text of the code first.',
      busy: 'Checking …',
      lightGreen: 'The code is fine',
      lightYellow: 'Some banking apps have problems',
      lightRed: 'This code does not work',
      subGreen: 'Your banking app should read it correctly.',
      subGreenInvalid: 'Banking apps read it, but it deviates from the standard.',
      subYellow: 'Check the details in your banking app carefully.',
      subRed: 'Banking apps cannot read it, or read it wrongly.',
      noCode: 'No QR code found',
      noCodeSub: 'We could not find a QR code in the picture.',
      notGiro: 'This is not a GiroCode',
      notGiroSub: 'This QR code does not contain a bank transfer.',
      notGiroHint: 'Does the notice have several QR codes? Capture the one next to the payment details (often labelled “GiroCode” or “Zahlen mit Code”).',
      tipsTitle: 'Tips for a better photo:',
      tips: [
        'Hold the camera straight above the code, not at an angle.',
        'Let the code fill the picture – but keep all of it visible.',
        'Avoid glare and shadows; use good light.',
        'Hold the camera still so the picture is sharp.',
      ],
      tryAgain: 'Take another photo',
      codeOf: (i, n) => `Code ${i} of ${n}`,
      page: (p) => `page ${p}`,
      payTitle: 'The transfer as your banking app will show it',
      payTitleRed: 'This is what the code contains',
      fName: 'Recipient',
      fIban: 'IBAN',
      fBic: 'BIC',
      fAmount: 'Amount',
      fText: 'Payment reference',
      fRef: 'Creditor reference',
      fInfo: 'Note for you',
      amountNone: 'not given – you enter the amount yourself',
      amountUnreadable: 'written so that banking apps misread it',
      notGiven: 'not given',
      flagged: '(problem)',
      compare: 'Compare recipient, IBAN and amount with the details on the notice.',
      findingsTitle: 'What we found',
      whatToDo: 'What to do:',
      sev: { error: 'Error', warning: 'Warning', info: 'Note', hint: 'Note', note: 'Note' },
      advice: 'Please contact the office that issued the notice.',
      adviceManual: 'Until then you can fill in the transfer by hand using the details printed on the notice.',
      again: 'Check another code',
      qaTitle: 'Technical details (for QA)',
      qaCode: 'Code',
      qaFindings: 'Findings',
      qaSymbol: 'QR symbol',
      qaPayload: 'Raw payload',
      qaImage: 'Image',
      qaJson: 'Full report (JSON)',
      qaNone: 'none',
      errTitle: 'The check did not work',
      err413: 'The file is too large.',
      err415: 'This file type is not supported. Please choose a photo (e.g. JPEG, PNG) or a PDF.',
      err503: 'The service is busy right now.',
      err504: 'The check took too long.',
      errNet: 'No connection to the server. Please check your internet connection.',
      errGeneric: 'Unexpected error. Please try again.',
      retryIn: (s) => `Please try again in ${s} seconds.`,
      errCode: 'Error code',
      camTitle: 'Camera not available',
      camDenied: 'You did not allow camera access. Allow the camera in your browser settings – or take a photo instead.',
      camNotFound: 'No camera was found. Choose a photo or a file instead.',
      camInUse: 'The camera is being used by another app. Close the other app or take a photo instead.',
      camUnsupported: 'Your browser does not support live scanning. Take a photo instead.',
      camFailed: 'The camera could not be started. Take a photo instead.',
      yes: 'yes',
      no: 'no',
    },
  };

  // ---------------------------------------------------------------- state
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const state = {
    lang: 'de',
    lastInput: null,    // {type:'payload', text} | {type:'file', blob, name}
    lastReport: null,
    reportLang: null,
    lastError: null,    // normalised error object
    busy: false,
    seq: 0,
    abort: null,
  };
  // The page's own strings come with the page (the server renders it in either language).
  const PAGE = JSON.parse(document.getElementById('page-strings').textContent);
  Object.assign(T.de, PAGE.de);
  Object.assign(T.en, PAGE.en);

  const t = (key, ...args) => {
    const v = T[state.lang][key] ?? T.de[key] ?? key;
    return typeof v === 'function' ? v(...args) : v;
  };
  const reducedMotion = () => window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Tiny DOM builder: h('p', {class:'x'}, 'text', child) — text is always set as text, never HTML. */
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
    // A server may announce its choice (e.g. from Accept-Language) via <html data-lang="en">.
    const srv = ok(document.documentElement.dataset.lang);
    if (srv) return srv;
    const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'de'];
    for (const p of prefs) {
      const l = ok(String(p).toLowerCase().slice(0, 2));
      if (l) return l;
    }
    return 'de';
  }

  function applyStaticStrings() {
    document.documentElement.lang = state.lang;
    document.title = t('docTitle');
    for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of $$('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
    for (const inp of $$('input[name="lang"]')) inp.value = state.lang;
    for (const b of $$('.lang-btn')) {
      if (b.dataset.lang === state.lang) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  function setLang(lang, fromUser) {
    if (lang === state.lang && !fromUser) { applyStaticStrings(); return; }
    state.lang = lang;
    if (fromUser) {
      try { localStorage.setItem('giroscope.lang', lang); } catch (_) { /* ignore */ }
      const url = new URL(location.href);
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url);
    }
    applyStaticStrings();
    if (scan.active) setScanStatus(t('scanSearching'));
    // Re-render what is on screen right away (messages.de/en are in the report) …
    if (state.lastError) renderError(state.lastError, false);
    else if (state.lastReport) renderReport(state.lastReport, false);
    // … and fetch again so that "help" texts are in the new language too.
    if (fromUser && state.lastReport && state.lastInput && !state.busy && state.reportLang !== lang) {
      runCheck(state.lastInput, { moveFocus: false });
    }
  }

  // ---------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      super(`HTTP ${status}`);
      this.status = status;
      this.body = body && body.error ? body.error : null;
      this.retryAfter = retryAfter;
    }
  }

  async function postCheck(input, lang, signal) {
    const fd = new FormData();
    // Sent as a Blob part: plain string fields get their line breaks rewritten to CRLF by the
    // browser's multipart encoder, which would falsify the payload under test. The server reads the
    // field by name, so the file name does not matter.
    if (input.type === 'payload') fd.append('payload', new Blob([input.text], { type: 'text/plain;charset=utf-8' }), 'payload.txt');
    else fd.append('file', input.blob, input.name || 'upload');
    let res;
    try {
      res = await fetch(`/api/v1/check?lang=${encodeURIComponent(lang)}`, {
        method: 'POST', body: fd, signal, headers: { Accept: 'application/json' },
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, null, null);
    }
    let body = null;
    try { body = await res.json(); } catch (_) { body = null; }
    if (!res.ok || !body) {
      const ra = parseInt(res.headers.get('Retry-After') || '', 10);
      throw new ApiError(res.status || 0, body, Number.isFinite(ra) ? ra : null);
    }
    return body;
  }

  const hasCode = (rep) => !!(rep && rep.results && rep.results.some((r) => r.codes && r.codes.length > 0));

  // ---------------------------------------------------------------- busy
  function setBusy(on) {
    state.busy = on;
    const busy = $('#busy');
    busy.replaceChildren();
    if (on) busy.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', null, t('busy')));
    for (const el of $$('#actions button, #actions input, #actions textarea')) el.disabled = on;
    for (const el of $$('.lang-btn')) el.setAttribute('aria-disabled', String(on));
    for (const l of $$('.file-label')) l.setAttribute('aria-disabled', String(on));
    $('#result').setAttribute('aria-busy', String(on));
  }

  async function runCheck(input, { moveFocus = true } = {}) {
    if (scan.active) stopLive(false);
    if (state.abort) state.abort.abort();
    const ctl = new AbortController();
    state.abort = ctl;
    const seq = ++state.seq;
    const lang = state.lang;
    const timer = setTimeout(() => ctl.abort(), 120000);
    setBusy(true);
    try {
      const rep = await postCheck(input, lang, ctl.signal);
      if (seq !== state.seq) return;
      state.lastInput = input;
      state.lastReport = rep;
      state.reportLang = lang;
      state.lastError = null;
      setBusy(false);
      renderReport(rep, moveFocus);
    } catch (e) {
      if (seq !== state.seq) return;
      setBusy(false);
      if (e && e.name === 'AbortError') e = new ApiError(504, null, null);
      if (!moveFocus && state.lastReport) return; // quiet re-fetch for a language switch: keep what we have
      state.lastError = normaliseError(e);
      state.lastReport = null;
      renderError(state.lastError, moveFocus);
    } finally {
      clearTimeout(timer);
      if (state.abort === ctl) state.abort = null;
    }
  }

  // ---------------------------------------------------------------- errors
  function normaliseError(e) {
    if (e && e.kind) return e; // already normalised (camera errors)
    const status = e instanceof ApiError ? e.status : 0;
    return { kind: 'api', status, body: e instanceof ApiError ? e.body : null, retryAfter: e instanceof ApiError ? e.retryAfter : null };
  }

  function errorText(err) {
    if (err.kind === 'camera') return t(err.key);
    const b = err.body;
    if (b && ((b.messages && b.messages[state.lang]) || b.message)) return (b.messages && b.messages[state.lang]) || b.message;
    switch (err.status) {
      case 0: return t('errNet');
      case 413: return t('err413');
      case 415: return t('err415');
      case 503: return t('err503');
      case 504: return t('err504');
      default: return t('errGeneric');
    }
  }

  function renderError(err, moveFocus) {
    const title = err.kind === 'camera' ? t('camTitle') : t('errTitle');
    const box = h('div', { class: 'error-box', role: 'alert' },
      h('p', null, h('strong', null, title)),
      h('p', null, errorText(err)),
      err.retryAfter ? h('p', null, t('retryIn', err.retryAfter)) : null,
      err.body && err.body.code ? h('p', { class: 'small' }, `${t('errCode')}: `, h('code', null, err.body.code)) : null,
    );
    showResult([box, againButton()], moveFocus);
  }

  // ---------------------------------------------------------------- formatting
  function fmtIban(iban) {
    const s = String(iban).replace(/\s+/g, '');
    return s.replace(/(.{4})(?=.)/g, '$1 ');
  }

  function fmtAmount(amount, currency) {
    if (amount == null || amount === '') return null;
    const a = String(amount);
    const cur = currency || '';
    if (/^\d{1,12}(\.\d{1,2})?$/.test(a) && /^[A-Z]{3}$/.test(cur)) {
      try {
        return new Intl.NumberFormat(state.lang === 'de' ? 'de-DE' : 'en-IE', { style: 'currency', currency: cur }).format(Number(a));
      } catch (_) { /* fall through */ }
    }
    return cur ? `${a} ${cur}` : a;
  }

  const msgOf = (f) => (f.messages && f.messages[state.lang]) || f.message || f.code;
  const sevClass = (s) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'info');

  // ---------------------------------------------------------------- report
  function showResult(nodes, moveFocus) {
    const body = $('#result-body');
    body.replaceChildren(...nodes);
    if (moveFocus) {
      const r = $('#result');
      r.focus({ preventScroll: true });
      r.scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
    }
  }

  function againButton() {
    return h('button', {
      type: 'button', class: 'btn btn-secondary again',
      onclick: () => {
        const target = $('#live-btn:not([hidden])') || $('#in-photo');
        $('#actions').scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
        target.focus({ preventScroll: true });
      },
    }, t('again'));
  }

  function renderReport(rep, moveFocus) {
    const nodes = [];
    const results = (rep && rep.results) || [];
    for (const r of results) {
      const codes = r.codes || [];
      if (!codes.length) { nodes.push(renderNoCode(r)); continue; }
      const general = (r.findings || []);
      codes.forEach((c, i) => nodes.push(renderCode(c, i, codes.length, r, i === 0 ? general : [])));
    }
    if (!results.length) nodes.push(renderNoCode({ findings: [] }));
    nodes.push(againButton());
    showResult(nodes, moveFocus);
  }

  function light(color, icon, text, sub) {
    return h('div', { class: `light ${color}` },
      h('span', { class: 'light-icon', 'aria-hidden': 'true' }, icon),
      h('div', null, h('h3', { class: 'light-text' }, text), sub ? h('p', { class: 'light-sub' }, sub) : null),
    );
  }

  function tipsList() {
    return [h('p', { style: 'margin-bottom:.25rem;font-weight:650' }, t('tipsTitle')),
      h('ul', { class: 'tips' }, t('tips').map((s) => h('li', null, s)))];
  }

  function photoAgainButton() {
    return h('button', {
      type: 'button', class: 'btn btn-primary',
      onclick: () => { const live = $('#live-btn:not([hidden])'); if (live) live.click(); else $('#in-photo').click(); },
    }, icon('camera'), ' ', t('tryAgain'));
  }

  function findingsList(findings) {
    if (!findings.length) return null;
    return [h('h3', null, t('findingsTitle')),
      h('ul', { class: 'findings' }, findings.map((f) => h('li', { class: `finding ${sevClass(f.severity)}` },
        h('span', { class: 'sev' }, t('sev')[f.severity] || f.severity || ''),
        h('p', null, msgOf(f)),
        f.help ? h('p', { class: 'help' }, h('strong', null, t('whatToDo')), ' ', f.help) : null,
      )))];
  }

  function renderNoCode(r) {
    const findings = r.findings || [];
    const notGiro = findings.some((f) => f.code === 'NOT-GIROCODE');
    return h('div', { class: 'card' },
      notGiro ? light('grey', '✘', t('notGiro'), t('notGiroSub')) : light('grey', '?', t('noCode'), t('noCodeSub')),
      findingsList(findings.filter((f) => f.code !== 'IMAGE-NO-CODE')),
      notGiro ? h('p', null, t('notGiroHint')) : null,
      tipsList(),
      photoAgainButton(),
      qaDetails(null, r),
    );
  }

  function renderCode(c, i, n, r, general) {
    const f = c.fields || {};
    const findings = (c.findings || []).concat(general || []);
    const labelParts = [];
    if (n > 1) labelParts.push(t('codeOf', i + 1, n));
    if (c.page != null) labelParts.push(t('page', c.page));
    const label = labelParts.length ? h('p', { class: 'code-label' }, labelParts.join(' · ')) : null;

    if (c.kind === 'other' || findings.some((x) => x.code === 'NOT-GIROCODE')) {
      return h('div', { class: 'card' }, label,
        light('grey', '✘', t('notGiro'), t('notGiroSub')),
        findingsList(findings.filter((x) => x.code !== 'NOT-GIROCODE')),
        h('p', null, t('notGiroHint')),
        tipsList(),
        photoAgainButton(),
        qaDetails(c, r),
      );
    }

    const rd = c.readability;
    const lt = rd === 'green'
      ? light('green', '✔', t('lightGreen'), c.valid === false ? t('subGreenInvalid') : t('subGreen'))
      : rd === 'yellow'
        ? light('yellow', '!', t('lightYellow'), t('subYellow'))
        : light('red', '✘', t('lightRed'), t('subRed'));

    // fields that have a problem get a marker
    const flagged = new Set(findings.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => x.field));
    const row = (key, fieldNames, value, cls) => {
      const bad = fieldNames.some((fn) => flagged.has(fn));
      return h('div', { class: `pay-row${bad ? ' flag' : ''}` },
        h('dt', null, t(key), bad ? h('span', { class: 'sr' }, ' ', t('flagged')) : null),
        h('dd', { class: cls || null }, value));
    };
    const none = (s) => h('span', { class: 'none' }, s);
    const amt = fmtAmount(f.amount, f.currency);
    // An amount that is written wrongly is not "missing": show it as written, flagged.
    const badAmount = findings.find((x) => x.field === 'amount' && x.severity === 'error' && x.params && x.params.value);
    const amountValue = amt ? amt : badAmount ? h('span', { class: 'none' }, `${badAmount.params.value} – ${t('amountUnreadable')}`) : none(t('amountNone'));
    const rows = [
      row('fName', ['name'], f.name ? f.name : none(t('notGiven'))),
      row('fIban', ['iban'], f.iban ? fmtIban(f.iban) : none(t('notGiven')), f.iban ? 'iban' : null),
      f.bic ? row('fBic', ['bic'], f.bic, 'iban') : null,
      row('fAmount', ['amount', 'currency'], amountValue, amt ? 'amount' : null),
    ];
    if (f.reference) rows.push(row('fRef', ['reference', 'remittance'], f.reference));
    if (f.text || !f.reference) rows.push(row('fText', ['text', 'remittance'], f.text ? f.text : none(t('notGiven'))));
    if (f.information) rows.push(row('fInfo', ['information'], f.information));

    const hasError = findings.some((x) => x.severity === 'error') || rd === 'red';
    return h('div', { class: 'card' }, label, lt,
      h('h3', null, rd === 'red' ? t('payTitleRed') : t('payTitle')),
      h('dl', { class: 'pay' }, rows),
      h('p', { class: 'compare' }, t('compare')),
      findingsList(findings),
      hasError ? h('div', { class: 'advice' }, h('p', null, t('advice')), h('p', { style: 'margin:0;font-weight:500' }, t('adviceManual'))) : null,
      qaDetails(c, r),
    );
  }

  const ICONS = {
    camera: 'M4 8h3l2-3h6l2 3h3v11H4z M12 10.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7',
  };
  function icon(name) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', 'btn-icon');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', ICONS[name]);
    svg.append(p);
    return svg;
  }

  // ---------------------------------------------------------------- QA details
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
    // allow line breaks after "_" in long technical keys (quiet_zone_mm), nowhere else
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

  function qaDetails(c, r) {
    const parts = [];
    if (c) {
      const f = c.fields || {};
      parts.push(h('h4', null, t('qaCode')), table([
        ['kind', val(c.kind)], ['valid', val(c.valid)], ['readability', val(c.readability)],
        ['page', val(c.page)], ['payload_bytes', val(c.payload_bytes)],
        ['version', val(f.version)], ['charset', f.charset != null ? `${f.charset}${f.charset_name ? ' (' + f.charset_name + ')' : ''}` : '–'],
        ['purpose', val(f.purpose)], ['currency', val(f.currency)], ['amount (raw)', val(f.amount)],
      ]));
    }
    const all = (c ? c.findings || [] : []).concat(r && (!c || r.codes[0] === c) ? r.findings || [] : []);
    parts.push(h('h4', null, t('qaFindings')));
    if (!all.length) parts.push(h('p', null, t('qaNone')));
    for (const f of all) {
      parts.push(h('div', { class: 'f-item' }, table([
        ['code', h('code', null, f.code)], ['severity', val(f.severity)], ['readability', val(f.readability)],
        ['field', val(f.field)], ['line', val(f.line)], ['span', f.span ? `${f.span[0]}–${f.span[1]}` : '–'],
        ['rule', val(f.rule)], f.params && Object.keys(f.params).length ? ['params', h('code', null, JSON.stringify(f.params))] : null,
      ])));
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
        ['source', val(r.source)],
        r.image ? ['image', `${r.image.width}×${r.image.height}\u00a0px`] : null,
        ['pages', val(r.pages)],
      ]));
    }
    if (c && c.payload != null) parts.push(h('h4', null, t('qaPayload')), payloadPre(c.payload));
    if (state.lastReport) {
      parts.push(h('details', null, h('summary', null, t('qaJson')), h('pre', { tabindex: '0' }, JSON.stringify(state.lastReport, null, 2))));
    }
    return h('details', { class: 'qa' }, h('summary', null, t('qaTitle')), h('div', { class: 'qa-body' }, parts));
  }

  // ---------------------------------------------------------------- live camera
  const scan = { active: false, token: 0, stream: null, detector: null, abort: null, otherSeen: 0 };

  function setScanStatus(s) { $('#scan-status').textContent = s; }

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
    $('#scanner').hidden = false;
    $('#live-btn').disabled = true;
    setScanStatus(t('scanStarting'));
    $('#scanner').scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
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
    setScanStatus(t('scanSearching'));
    if (scan.detector) detectLoop(token); else uploadLoop(token);
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

  async function detectLoop(token) {
    const video = $('#video');
    while (scan.active && token === scan.token) {
      if (video.readyState >= 2) {
        try {
          const found = await scan.detector.detect(video);
          if (token !== scan.token) return;
          const texts = found.map((b) => b.rawValue).filter((s) => typeof s === 'string' && s.length);
          // Prefer a GiroCode (starts with BCD); accept another QR code only if it stays alone for a while.
          let pick = texts.find((s) => s.startsWith('BCD'));
          if (!pick && texts.length) { scan.otherSeen++; if (scan.otherSeen >= 10) pick = texts[0]; }
          if (pick) {
            setScanStatus(t('scanFound'));
            stopLive(false);
            await runCheck({ type: 'payload', text: pick });
            return;
          }
        } catch (_) { /* detector hiccup: keep going */ }
      }
      await sleep(150);
    }
  }

  function grabFrame(canvas, video) {
    const w = video.videoWidth, hgt = video.videoHeight;
    const scale = Math.min(1, 1280 / Math.max(w, hgt));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(hgt * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  }

  async function uploadLoop(token) {
    const video = $('#video');
    const canvas = document.createElement('canvas');
    while (scan.active && token === scan.token) {
      const t0 = performance.now();
      let wait = 0;
      if (video.readyState >= 2 && video.videoWidth) {
        const blob = await grabFrame(canvas, video);
        if (!blob || token !== scan.token) { if (token !== scan.token) return; continue; }
        const ctl = new AbortController();
        scan.abort = ctl;
        const lang = state.lang;
        try {
          const rep = await postCheck({ type: 'file', blob, name: 'camera.jpg' }, lang, ctl.signal);
          if (token !== scan.token) return;
          if (hasCode(rep)) {
            stopLive(false);
            state.lastInput = { type: 'file', blob, name: 'camera.jpg' };
            state.lastReport = rep;
            state.reportLang = lang;
            state.lastError = null;
            renderReport(rep, true);
            return;
          }
          setScanStatus(t('scanSearching'));
        } catch (e) {
          if (token !== scan.token || (e && e.name === 'AbortError')) return;
          if (e instanceof ApiError && (e.status === 503 || e.status === 429)) {
            setScanStatus(t('scanBusy'));
            wait = (e.retryAfter || 2) * 1000;
          } else if (e instanceof ApiError && e.status === 0) {
            setScanStatus(t('scanNet'));
            wait = 1500;
          } else if (e instanceof ApiError && e.status === 504) {
            wait = 500;
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
      await sleep(Math.max(wait, 333 - dt, 50));
    }
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    state.lang = pickInitialLang();
    applyStaticStrings();
    // The language links work without JavaScript (the server renders the page); here they
    // switch in place and keep what is on screen.
    for (const b of $$('.lang-btn')) {
      b.addEventListener('click', (event) => {
        event.preventDefault();
        if (!state.busy) setLang(b.dataset.lang, true);
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

    const ta = $('#in-payload');
    const hint = $('#paste-hint');
    const submitPaste = () => {
      const text = ta.value;
      const old = $('#paste-error');
      if (old) old.remove();
      if (!text.trim()) {
        ta.setAttribute('aria-invalid', 'true');
        const err = h('p', { id: 'paste-error', class: 'error-box', role: 'alert' }, t('pasteEmpty'));
        hint.after(err);
        ta.setAttribute('aria-describedby', 'paste-hint paste-error');
        ta.focus();
        return;
      }
      ta.removeAttribute('aria-invalid');
      ta.setAttribute('aria-describedby', 'paste-hint');
      runCheck({ type: 'payload', text });
    };
    $('#form-paste').addEventListener('submit', (ev) => { ev.preventDefault(); if (!state.busy) submitPaste(); });
    ta.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !state.busy) { ev.preventDefault(); submitPaste(); }
    });

    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      const live = $('#live-btn');
      live.hidden = false;
      live.addEventListener('click', startLive);
      $('#stop-btn').addEventListener('click', () => stopLive(true));
      document.addEventListener('visibilitychange', () => { if (document.hidden && scan.active) stopLive(false); });
      window.addEventListener('pagehide', () => { if (scan.active) stopLive(false); });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
