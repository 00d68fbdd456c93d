// The cashier page's client script, served as /cashier/cashier.js: plain browser JavaScript, no build step and
// nothing from elsewhere. It lives in a string (not a .js file read at run time) because the CLI bundles the
// gateway into one file, where a sibling asset would not exist. Keep it free of backticks and dollar-brace.
export const CASHIER_JS = String.raw`(function () {
  'use strict';
  // How the page authenticates: the device key lives in this browser's localStorage and goes out only as an
  // Authorization header. EventSource cannot send headers, so the live status is read with fetch() and a small
  // SSE parser instead: the key never appears in a URL (URLs end up in proxy and access logs, browser history
  // and Referer headers), and no second kind of token has to be minted, expired and revoked.
  var cfg = JSON.parse(document.getElementById('cashier-config').textContent);
  var KEY = 'cobro.cashier.device_key', LANG = 'cobro.cashier.lang', SALE = 'cobro.cashier.sale', SKEW = 'cobro.cashier.skew';
  var FINAL = ['approved', 'expired', 'canceled', 'failed', 'refunded', 'partially_refunded'];
  var SILENCE_MS = 35000; // the gateway sends a heartbeat every 15 s: past this, the stream is dead
  var $ = function (id) { return document.getElementById(id); };
  var s = { key: localStorage.getItem(KEY), pos: null, money: cfg.money.ARS, lang: 'es', digits: '', sale: null,
    charge: null, last: 0, stream: null, tick: null, status: null, final: null, online: true, skew: Number(localStorage.getItem(SKEW)) || 0 };

  function t(k, vars) {
    var w = (cfg.words[s.lang] || cfg.words.es)[k] || k;
    Object.keys(vars || {}).forEach(function (v) { w = w.split('{' + v + '}').join(vars[v]); });
    return w;
  }
  function show(name) {
    ['pair', 'sale', 'qr', 'final'].forEach(function (n) { $('screen-' + n).hidden = n !== name; });
  }
  function setLang(l) {
    s.lang = cfg.words[l] ? l : 'es';
    document.documentElement.lang = s.lang;
    $('lang').value = s.lang;
    document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = t(el.getAttribute('data-t')); });
    document.querySelectorAll('[data-t-label]').forEach(function (el) { el.setAttribute('aria-label', t(el.getAttribute('data-t-label'))); });
    document.title = t('title') + ' · cobro';
    renderAmount(); renderStatus(); renderCountdown(); if (s.final) renderFinal();
  }

  // Money: the keypad types minor units (1, 2, 3, 4 → 12,34), or whole units where the currency has no decimals.
  function fmt(minor) {
    var m = s.money, d = m.decimals, digits = String(minor);
    while (digits.length <= d) digits = '0' + digits;
    var whole = (d ? digits.slice(0, -d) : digits).replace(/\B(?=(\d{3})+(?!\d))/g, m.thousands);
    return m.symbol + whole + (d ? m.decimal + digits.slice(-d) : '');
  }
  function minorOf(amount) { // "1234.50" (the API's decimal string) → 123450
    var parts = String(amount).split('.'), d = s.money.decimals, frac = (parts[1] || '').padEnd(d, '0').slice(0, d);
    return Number(parts[0] + frac);
  }
  function decimalOf(minor) { // 123450 → "1234.50"
    var d = s.money.decimals, digits = String(minor);
    if (!d) return digits;
    while (digits.length <= d) digits = '0' + digits;
    return digits.slice(0, -d) + '.' + digits.slice(-d);
  }
  var typed = function () { return Number(s.digits || '0'); };
  function renderAmount() { $('amount').textContent = fmt(typed()); $('charge').disabled = typed() <= 0; }

  function api(method, path, body, extra) {
    var headers = Object.assign({ authorization: 'Bearer ' + s.key }, body ? { 'content-type': 'application/json' } : {}, extra || {});
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' })
      .then(function (res) { return res.json().catch(function () { return null; }).then(function (b) { return { status: res.status, ok: res.ok, body: b }; }); });
  }
  var reason = function (r) { return (r && r.body && r.body.error && r.body.error.message) || (r ? 'HTTP ' + r.status : t('offline')); };

  async function boot() {
    if (!s.key) { setLang(localStorage.getItem(LANG) || document.documentElement.lang); show('pair'); return; }
    var r = await api('GET', '/api/pos').catch(function () { return null; });
    if (r && r.status === 401) { forget(); $('pair-error').textContent = t('pair_failed', { reason: reason(r) }); return; }
    if (!r || !r.ok) { setTimeout(boot, 2000); return; } // offline at start: try again
    s.pos = r.body;
    clockAt(r.body.now);
    s.money = cfg.money[s.pos.seller.currency] || cfg.money.ARS;
    setLang(localStorage.getItem(LANG) || (s.pos.seller.site_id === 'MLB' ? 'pt' : 'es'));
    $('where').textContent = '· ' + (s.pos.store ? s.pos.store.name + ' · ' : '') + s.pos.name;
    $('unpair').hidden = false;
    s.sale = JSON.parse(localStorage.getItem(SALE) || 'null');
    if (s.sale && s.sale.charge_id) { attach(s.sale.charge_id); return; } // a reload mid-sale goes back to it
    newSale(s.sale);
  }
  function forget() { localStorage.removeItem(KEY); localStorage.removeItem(SALE); s.key = null; $('unpair').hidden = true; $('where').textContent = ''; show('pair'); }

  async function pair(ev) {
    ev.preventDefault();
    var v = $('pair-input').value.trim();
    $('pair-error').textContent = '';
    if (/^cbk_/.test(v)) { s.key = v; } else {
      var r = await fetch('/api/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: v, label: 'cashier page' }) })
        .then(function (res) { return res.json().then(function (b) { return { status: res.status, ok: res.ok, body: b }; }); }).catch(function () { return null; });
      if (!r || !r.ok) { $('pair-error').textContent = t('pair_failed', { reason: reason(r) }); return; }
      s.key = r.body.device_key;
    }
    localStorage.setItem(KEY, s.key);
    $('pair-input').value = '';
    boot();
  }

  function newSale(kept) {
    stop(); s.charge = null; s.final = null; s.status = null; s.sale = kept || null;
    s.digits = kept ? String(minorOf(kept.amount)) : ''; $('description').value = kept ? kept.description || '' : '';
    $('sale-error').textContent = ''; $('retry').hidden = !kept;
    renderAmount(); show('sale');
  }
  function typeKey(k) {
    if (k === 'back') s.digits = s.digits.slice(0, -1);
    else if (k === 'clear') s.digits = '';
    else if (s.digits.length < 12) s.digits = (s.digits + k).replace(/^0+/, '');
    forgetUnsentSale(); renderAmount();
  }
  // Another amount or description is another sale: it gets a new Idempotency-Key.
  function forgetUnsentSale() { if (s.sale && !s.sale.charge_id) { s.sale = null; localStorage.removeItem(SALE); $('retry').hidden = true; } }

  async function charge() {
    if (typed() <= 0) return;
    // The key is made once per sale and kept with it: a retry after a lost answer re-attaches to the same charge.
    if (!s.sale) s.sale = { idem: 'cashier-' + crypto.randomUUID(), amount: decimalOf(typed()), description: $('description').value.trim() || undefined };
    localStorage.setItem(SALE, JSON.stringify(s.sale));
    $('charge').disabled = true; $('sale-error').textContent = t('creating'); $('retry').hidden = true;
    var body = { amount: s.sale.amount }; if (s.sale.description) body.description = s.sale.description;
    var r = await api('POST', '/api/charges', body, { 'idempotency-key': s.sale.idem }).catch(function () { return null; });
    $('charge').disabled = false;
    if (!r || !(r.status === 200 || r.status === 201 || r.status === 422)) {
      $('sale-error').textContent = t('create_failed', { reason: reason(r) }); $('retry').hidden = false; return;
    }
    s.sale.charge_id = r.body.id; localStorage.setItem(SALE, JSON.stringify(s.sale));
    if (r.status === 201) clockAt(r.body.created_at);
    begin(r.body);
  }
  async function attach(id) {
    var r = await api('GET', '/api/charges/' + id).catch(function () { return null; });
    if (r && r.status === 404) { localStorage.removeItem(SALE); newSale(null); return; }
    if (!r || !r.ok) { setTimeout(function () { attach(id); }, 2000); return; }
    begin(r.body);
  }

  async function begin(c) {
    s.charge = c; s.last = 0; s.final = null; s.status = 'waiting';
    $('qr-amount').textContent = fmt(minorOf(c.amount)); $('cancel').disabled = false;
    $('qr').textContent = ''; show('qr'); renderStatus();
    if (FINAL.indexOf(c.status) >= 0) { finish(c); return; }
    s.tick = setInterval(renderCountdown, 1000); renderCountdown();
    watch(c.id);
    if (c.qr_svg_url) {
      var svg = await fetch(c.qr_svg_url, { headers: { authorization: 'Bearer ' + s.key } }).then(function (res) { return res.ok ? res.text() : ''; }).catch(function () { return ''; });
      if (s.charge && s.charge.id === c.id) { $('qr').innerHTML = svg; $('qr').setAttribute('aria-label', t('qr_alt', { amount: fmt(minorOf(c.amount)) })); }
    }
  }
  function renderCountdown() {
    var el = $('countdown');
    if (!s.charge || !s.charge.expires_at || s.final) { el.textContent = ''; return; }
    var left = Math.floor((Date.parse(s.charge.expires_at) - (Date.now() + s.skew)) / 1000);
    // At zero the page says "expiring": only the gateway says "expired" (the buyer may have paid at the last second).
    el.textContent = left > 0 ? t('expires_in', { time: Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') }) : t('expiring');
  }
  // The countdown runs on the gateway's clock, which need not be this browser's: embedded, it is the sandbox's
  // virtual clock, which the admin moves forward. GET /api/pos says the gateway's now at every page load, and a
  // charge just created (201) was created at it; within 2 s (the request's own time) the browser's clock is trusted.
  function clockAt(iso) {
    var d = Date.parse(iso) - Date.now();
    if (!isFinite(d)) return;
    s.skew = Math.abs(d) > 2000 ? d : 0; localStorage.setItem(SKEW, String(s.skew));
  }
  function renderStatus() {
    var el = $('status');
    var text = !s.online ? t('reconnecting') : s.status === 'review' ? t('review', { reason: s.review || '' }) : s.status ? t(s.status) : '';
    el.textContent = text; el.className = 'status' + (!s.online || s.status === 'rejected' || s.status === 'buyer_paying' ? ' warn' : '');
  }
  function stop() { if (s.stream) s.stream.abort(); s.stream = null; clearInterval(s.tick); s.tick = null; }

  document.addEventListener('DOMContentLoaded', function () { wire(); boot(); });
  // Live status: the charge's events over SSE, read with fetch (see the top). On a drop the page says
  // "reconnecting" and asks again with Last-Event-ID, so the gateway replays what happened meanwhile: the state
  // shown is always rebuilt from the gateway's own events, never guessed.
  async function watch(id) {
    var ctrl = new AbortController(), tries = 0;
    s.stream = ctrl;
    while (s.stream === ctrl && !s.final) {
      var silence;
      try {
        var headers = { authorization: 'Bearer ' + s.key, accept: 'text/event-stream' };
        if (s.last) headers['last-event-id'] = String(s.last);
        var res = await fetch('/api/charges/' + id + '/events', { headers: headers, signal: ctrl.signal, cache: 'no-store' });
        // A revoked key pairs again; a charge this key cannot see is not this terminal's sale. Neither is retried.
        if (res.status === 401) { stop(); forget(); return; }
        if (res.status === 404) { stop(); localStorage.removeItem(SALE); newSale(null); return; }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        tries = 0; setOnline(true);
        var reader = res.body.getReader(), decoder = new TextDecoder(), buf = '';
        var alive = function () { clearTimeout(silence); silence = setTimeout(function () { ctrl.abort(); }, SILENCE_MS); };
        alive();
        for (;;) {
          var chunk = await reader.read();
          if (chunk.done) break;
          alive();
          buf += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
          var at;
          while ((at = buf.indexOf('\n\n')) >= 0) { onBlock(buf.slice(0, at)); buf = buf.slice(at + 2); }
        }
      } catch (e) { /* dropped: below */ }
      clearTimeout(silence);
      if (s.stream !== ctrl) return; // a new sale or a cancel replaced this stream
      if (ctrl.signal.aborted) { ctrl = new AbortController(); s.stream = ctrl; }
      if (s.final) return;
      setOnline(false);
      tries += 1;
      await new Promise(function (r) { var w = setTimeout(r, Math.min(500 * tries, 5000)); window.addEventListener('online', function () { clearTimeout(w); r(); }, { once: true }); });
    }
  }
  function onBlock(block) {
    var ev = { event: 'message', data: '' };
    block.split('\n').forEach(function (line) {
      if (!line || line[0] === ':') return; // a heartbeat
      var i = line.indexOf(':'), field = i < 0 ? line : line.slice(0, i), value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'id') ev.id = value; else if (field === 'event') ev.event = value; else if (field === 'data') ev.data += (ev.data ? '\n' : '') + value;
    });
    if (ev.id) s.last = Number(ev.id);
    var data = {};
    try { data = JSON.parse(ev.data || '{}'); } catch (e) { return; }
    if (ev.event === 'charge.attempt_rejected') s.status = 'rejected';
    else if (ev.event === 'charge.review') { s.status = 'review'; s.review = data.reason; }
    else if (data.status === 'pending' || data.status === 'unknown') s.status = s.status === 'rejected' ? 'rejected' : 'waiting';
    if (FINAL.indexOf(data.status) >= 0) settle();
    renderStatus();
  }
  function setOnline(on) { s.online = on; renderStatus(); }

  // A final event comes from the gateway; the receipt wants the whole charge (the MP payment id), read back once.
  async function settle() {
    var id = s.charge.id, r = await api('GET', '/api/charges/' + id).catch(function () { return null; });
    if (!s.charge || s.charge.id !== id) return;
    if (r && r.ok && FINAL.indexOf(r.body.status) >= 0) finish(r.body);
    else setTimeout(function () { if (!s.final && s.charge && s.charge.id === id) settle(); }, 1000);
  }
  function finish(c) {
    stop(); s.charge = c; s.final = c.status; s.online = true;
    localStorage.removeItem(SALE); s.sale = null;
    renderFinal(); show('final'); $('new-sale').focus();
  }
  function renderFinal() {
    var c = s.charge, paid = c.status === 'approved' || c.status === 'partially_refunded';
    $('final').className = 'final ' + c.status; $('final').textContent = t(c.status === 'partially_refunded' ? 'approved' : c.status);
    $('receipt').hidden = !paid; $('print').hidden = !paid;
    $('r-amount').textContent = fmt(minorOf(c.amount));
    $('r-date').textContent = new Date(c.updated_at).toLocaleString(s.lang === 'pt' ? 'pt-BR' : s.lang === 'en' ? 'en-US' : 'es-AR');
    $('r-payment').textContent = c.mp_payment_id || '—';
    $('r-store').textContent = s.pos && s.pos.store ? s.pos.store.name + ' (' + s.pos.store.external_id + ')' : '—';
    $('r-pos').textContent = s.pos ? s.pos.name + ' (' + s.pos.external_id + ')' : '—';
  }

  async function cancel() {
    var c = s.charge; if (!c) return;
    $('cancel').disabled = true; s.status = 'canceling'; renderStatus();
    var r = await api('POST', '/api/charges/' + c.id + '/cancel').catch(function () { return null; });
    $('cancel').disabled = false;
    var now = r && r.body && (r.body.status ? r.body : r.body.error && r.body.error.charge);
    if (now && FINAL.indexOf(now.status) >= 0) { finish(now); return; }
    s.status = r && r.body && r.body.error && r.body.error.code === 'buyer_paying' ? 'buyer_paying' : 'waiting';
    if (!r) setOnline(false); renderStatus();
  }
  async function simulate(action) {
    if (!s.charge) return;
    $('simulate-error').textContent = '';
    var r = await api('POST', '/cashier/simulate', { charge_id: s.charge.id, action: action }).catch(function () { return null; });
    if (!r || !r.ok) $('simulate-error').textContent = t('sim_failed', { reason: reason(r) });
  }

  function wire() {
    $('pair-form').addEventListener('submit', pair);
    $('lang').addEventListener('change', function () { localStorage.setItem(LANG, $('lang').value); setLang($('lang').value); });
    $('unpair').addEventListener('click', function () { stop(); forget(); });
    document.querySelectorAll('[data-key]').forEach(function (b) { b.addEventListener('click', function () { typeKey(b.getAttribute('data-key')); }); });
    $('description').addEventListener('input', forgetUnsentSale);
    $('charge').addEventListener('click', charge);
    $('retry').addEventListener('click', charge);
    $('cancel').addEventListener('click', cancel);
    $('new-sale').addEventListener('click', function () { newSale(null); document.querySelector('[data-key]').focus(); });
    $('print').addEventListener('click', function () { window.print(); });
    document.querySelectorAll('[data-simulate]').forEach(function (b) { b.addEventListener('click', function () { simulate(b.getAttribute('data-simulate')); }); });
    window.addEventListener('offline', function () { if (s.stream) s.stream.abort(); });
    // A physical keyboard types on the keypad too (not while the description has the focus).
    document.addEventListener('keydown', function (e) {
      if ($('screen-sale').hidden || e.target === $('description') || e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[0-9]$/.test(e.key)) typeKey(e.key); else if (e.key === 'Backspace') typeKey('back');
      else if (e.key === 'Enter' && e.target.tagName !== 'BUTTON') charge();
    });
  }
})();
`;
