// The cashier page's stylesheet, served as /cashier/cashier.css: one column on a phone, amount and keypad beside
// each other on a counter screen (1080p), a QR as large as the screen allows, and a print stylesheet that prints
// the receipt alone. Colours meet WCAG AA contrast (axe checks it in the browser tests).
export const CASHIER_CSS = `
:root { --fg: #1b1f24; --bg: #ffffff; --muted: #4a5360; --brand: #00598a; --ok: #116329; --bad: #a4161a; --line: #c9d1d9; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
.bar h1 { font-size: 1.1rem; margin: 0; flex: 1; }
#where { color: var(--muted); font-weight: normal; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
.screen { display: flex; flex-direction: column; gap: .75rem; }
h2 { margin: 0; font-size: 1.2rem; }
input, select { font: inherit; padding: .6rem; border: 1px solid var(--muted); border-radius: .4rem; }
button { font: inherit; padding: .7rem 1rem; border: 1px solid var(--brand); border-radius: .4rem; background: var(--bg); color: var(--brand); cursor: pointer; min-height: 3rem; }
button:disabled { border-color: var(--line); color: var(--muted); cursor: default; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.primary { background: var(--brand); color: #fff; }
.primary:disabled { background: var(--line); color: var(--fg); }
.danger { border-color: var(--bad); color: var(--bad); }
.big { font-size: 1.3rem; min-height: 4rem; }
.amount { font-size: 2.6rem; font-weight: 700; text-align: center; margin: 0; font-variant-numeric: tabular-nums; }
.keypad { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; }
.key { font-size: 1.6rem; min-height: 4rem; }
.key.wide { grid-column: span 3; font-size: 1.1rem; min-height: 3rem; }
.qr { align-self: center; width: min(80vw, 60vh, 28rem); aspect-ratio: 1; }
.qr svg { width: 100%; height: 100%; display: block; }
.hint, .countdown { text-align: center; margin: 0; color: var(--muted); }
.countdown { font-size: 1.2rem; font-variant-numeric: tabular-nums; }
.status { text-align: center; font-size: 1.2rem; font-weight: 600; margin: 0; min-height: 1.7rem; }
.status.warn { color: var(--bad); }
.error { color: var(--bad); margin: 0; }
.error:empty { display: none; }
.final { font-size: 2.2rem; font-weight: 700; text-align: center; padding: 1.5rem; border-radius: .6rem; border: 3px solid var(--fg); }
.final.approved { color: var(--ok); border-color: var(--ok); }
.final.expired, .final.canceled, .final.failed { color: var(--bad); border-color: var(--bad); }
.receipt { display: grid; grid-template-columns: auto 1fr; gap: .3rem 1rem; margin: 0; }
.receipt dt { color: var(--muted); }
.receipt dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.simulate { display: flex; flex-wrap: wrap; gap: .5rem; border: 1px dashed var(--muted); border-radius: .4rem; }
@media (min-width: 1200px) {
  body { font-size: 20px; }
  main { max-width: 90rem; }
  #screen-sale { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem 3rem; align-items: start; }
  #screen-sale > h2, #screen-sale > .amount { grid-column: 1; }
  #screen-sale > .keypad { grid-column: 2; grid-row: 1 / span 7; }
  .amount { font-size: 4rem; }
  #screen-qr { display: grid; grid-template-columns: auto 1fr; gap: 1rem 3rem; align-items: center; }
  #screen-qr > .qr { grid-column: 1; grid-row: 1 / span 6; width: min(45vw, 80vh); }
}
@media print {
  .bar, button, .simulate, #screen-pair, #screen-sale, #screen-qr { display: none !important; }
  body { font-size: 12pt; }
  .final { border: none; padding: 0; font-size: 16pt; color: #000; }
  .receipt { color: #000; }
}
`;
