// `GET /cashier`: the page a POS terminal keeps open, rendered on the server in the language asked for (Spanish
// until the terminal knows its seller's site). Every screen is here from the start, hidden until the client
// script (script.ts) shows it; text that changes carries data-t="<word key>" so the script can switch language.
import type { FC } from 'hono/jsx';
import { WORDS, LANGS, MONEY, type Lang, type WordKey } from './i18n.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '00', '0'];

const T: FC<{ k: WordKey; lang: Lang }> = ({ k, lang }) => <span data-t={k}>{WORDS[lang][k]}</span>;

const Keypad: FC<{ lang: Lang }> = ({ lang }) => (
  <div class="keypad" role="group" aria-labelledby="amount-label">
    {KEYS.map((k) => <button type="button" class="key" data-key={k}>{k}</button>)}
    <button type="button" class="key" data-key="back" data-t-label="backspace" aria-label={WORDS[lang].backspace}>⌫</button>
    <button type="button" class="key wide" data-key="clear"><T k="clear" lang={lang} /></button>
  </div>
);

const Simulator: FC<{ lang: Lang }> = ({ lang }) => (
  <fieldset id="simulate" class="simulate">
    <legend><T k="simulate" lang={lang} /></legend>
    {(['pay', 'reject', 'pending', 'abandon'] as const).map((a) => <button type="button" data-simulate={a}><T k={`sim_${a}`} lang={lang} /></button>)}
    <p id="simulate-error" class="error" role="alert"></p>
  </fieldset>
);

export const CashierPage: FC<{ lang: Lang; embedded: boolean }> = ({ lang, embedded }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{WORDS[lang].title} · cobro</title>
      <link rel="stylesheet" href="/cashier/cashier.css" />
      {/* Raw JSON: a script's text is not HTML-decoded, so "<" is escaped the JSON way instead. */}
      <script type="application/json" id="cashier-config" dangerouslySetInnerHTML={{ __html: JSON.stringify({ words: WORDS, money: MONEY, embedded }).replace(/</g, '\\u003c') }} />
      <script src="/cashier/cashier.js" defer></script>
    </head>
    <body>
      <header class="bar">
        <h1><T k="title" lang={lang} /> <span id="where"></span></h1>
        <label class="lang"><T k="language" lang={lang} />{' '}
          <select id="lang">{LANGS.map((l) => <option value={l} selected={l === lang}>{l.toUpperCase()}</option>)}</select>
        </label>
        <button type="button" id="unpair" hidden><T k="unpair" lang={lang} /></button>
      </header>
      <main>
        <section id="screen-pair" class="screen" hidden>
          <h2><T k="pair_title" lang={lang} /></h2>
          <p><T k="pair_help" lang={lang} /></p>
          <form id="pair-form">
            <label for="pair-input"><T k="pair_label" lang={lang} /></label>
            <input id="pair-input" name="code" autocomplete="off" spellcheck={false} required />
            <button type="submit" class="primary"><T k="pair_button" lang={lang} /></button>
          </form>
          <p id="pair-error" class="error" role="alert"></p>
        </section>
        <section id="screen-sale" class="screen" hidden>
          <h2 id="amount-label"><T k="amount" lang={lang} /></h2>
          <output id="amount" class="amount" aria-live="polite" for="amount-label"></output>
          <Keypad lang={lang} />
          <label for="description"><T k="description" lang={lang} /></label>
          <input id="description" maxlength={150} autocomplete="off" />
          <button type="button" id="charge" class="primary big" disabled><T k="charge" lang={lang} /></button>
          <p id="sale-error" class="error" role="alert"></p>
          <button type="button" id="retry" hidden><T k="retry" lang={lang} /></button>
        </section>
        <section id="screen-qr" class="screen" hidden>
          <p class="amount" id="qr-amount"></p>
          <p class="hint"><T k="scan" lang={lang} /></p>
          <div id="qr" class="qr" role="img"></div>
          <p id="countdown" class="countdown"></p>
          <p id="status" class="status" role="status" aria-live="polite"></p>
          <button type="button" id="cancel" class="danger"><T k="cancel" lang={lang} /></button>
          {embedded && <Simulator lang={lang} />}
        </section>
        <section id="screen-final" class="screen" hidden>
          <div id="final" class="final" role="status" aria-live="assertive" aria-atomic="true"></div>
          <dl id="receipt" class="receipt">
            <dt><T k="amount" lang={lang} /></dt><dd id="r-amount"></dd>
            <dt><T k="date" lang={lang} /></dt><dd id="r-date"></dd>
            <dt><T k="payment_id" lang={lang} /></dt><dd id="r-payment"></dd>
            <dt><T k="store" lang={lang} /></dt><dd id="r-store"></dd>
            <dt><T k="pos" lang={lang} /></dt><dd id="r-pos"></dd>
          </dl>
          <button type="button" id="print"><T k="print" lang={lang} /></button>
          <button type="button" id="new-sale" class="primary big"><T k="new_sale" lang={lang} /></button>
        </section>
      </main>
    </body>
  </html>
);
