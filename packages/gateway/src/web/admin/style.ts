// The admin pages' stylesheet, served as /admin/admin.css: plain tables and forms, readable on a laptop and a
// phone, colours at WCAG AA contrast (axe checks them in the browser tests).
export const ADMIN_CSS = `
:root { --fg: #1b1f24; --bg: #ffffff; --muted: #4a5360; --brand: #00598a; --ok: #116329; --bad: #a4161a; --line: #c9d1d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
.bar .brand { font-weight: 700; margin-right: auto; }
.bar a { color: var(--brand); }
.bar nav { display: flex; flex-wrap: wrap; gap: .3rem .9rem; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
form.inline { display: inline; }
form.stack { display: grid; gap: .5rem; max-width: 24rem; }
.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
label { display: grid; gap: .2rem; }
input, select { font: inherit; padding: .45rem; border: 1px solid var(--muted); border-radius: .3rem; }
button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--brand); border-radius: .3rem; background: var(--bg); color: var(--brand); cursor: pointer; }
button.primary { background: var(--brand); color: #fff; }
button.danger { border-color: var(--bad); color: var(--bad); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.muted { color: var(--muted); }
.error { color: var(--bad); border: 1px solid var(--bad); padding: .5rem .8rem; border-radius: .3rem; }
.secret { font: 1.3rem/1.4 ui-monospace, monospace; padding: .8rem; border: 2px dashed var(--brand); border-radius: .3rem; overflow-wrap: anywhere; user-select: all; }
/* A wide table (notifications, events) scrolls sideways inside its region on a phone; long ids wrap anywhere. */
.table-scroll { overflow-x: auto; }
.table-scroll:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
td code, td a.id { overflow-wrap: anywhere; }
.pos { border: 1px solid var(--line); border-radius: .4rem; padding: .2rem 1rem 1rem; margin: 1rem 0; }
/* A charge's fields (name, value) and a table's caption read from the left. */
table.fields th { width: 33%; }
caption { text-align: left; }
`;
