// `GET /docs`: the OpenAPI document rendered on the server as one self-contained HTML page — no script, no CDN,
// nothing fetched — so it works offline and behind any firewall. Operations by tag, each with its security,
// parameters, request body (schema and example) and responses; the shared schemas at the end.
type Json = Record<string, any>;

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Descriptions are written with `code` in backticks. */
const prose = (s: unknown): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
const pre = (v: unknown): string => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;
const anchor = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '-');

function schemaHtml(schema: Json | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${anchor(name)}">${esc(name)}</a>`;
  }
  return pre(schema);
}

function params(list: Json[] | undefined): string {
  if (!list?.length) return '';
  const rows = list.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${prose(p.description ?? '')}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`);
  return `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${rows.join('')}</table>`;
}

function body(rb: Json | undefined): string {
  if (!rb) return '';
  const json = rb.content['application/json'];
  return `<h4>Request body${rb.required ? '' : ' (optional)'}</h4>${rb.description ? `<p>${prose(rb.description)}</p>` : ''}<div class="cols"><div>${schemaHtml(json.schema)}</div>${json.example === undefined ? '' : `<div><b>Example</b>${pre(json.example)}</div>`}</div>`;
}

function responses(rs: Json): string {
  const rows = Object.entries(rs).map(([status, r]) => {
    const content = Object.entries((r.content ?? {}) as Json).map(([type, c]) => `<div><code>${esc(type)}</code> ${schemaHtml(c.schema)}</div>`).join('');
    return `<tr><td><b>${esc(status)}</b></td><td>${prose(r.description)}${content}</td></tr>`;
  });
  return `<h4>Responses</h4><table>${rows.join('')}</table>`;
}

function operation(method: string, path: string, op: Json): string {
  const security = op.security ? Object.keys(op.security[0]).join(', ') : 'none';
  return `<section class="op" id="${esc(op.operationId)}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p><b>${esc(op.summary)}</b> · <small>security: ${esc(security)} · operationId: ${esc(op.operationId)}</small></p>${op.description ? `<p>${prose(op.description)}</p>` : ''}
${params(op.parameters)}${body(op.requestBody)}${responses(op.responses)}</section>`;
}

export function renderDocs(doc: Json): string {
  const byTag = new Map<string, string[]>();
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(methods as Json)) {
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operation(method, path, op));
      toc.push(`<li><a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('\n')}`).join('\n');
  const schemes = Object.entries(doc.components.securitySchemes as Json).map(([n, s]) => `<li><code>${esc(n)}</code>: ${esc(s.scheme)} — ${esc(s.description)}</li>`).join('');
  const schemas = Object.entries(doc.components.schemas as Json).map(([n, s]) => `<section id="schema-${anchor(n)}"><h3>${esc(n)}</h3>${pre(s)}</section>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — API</title><style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#1d232b}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f6f8;padding:.6rem;overflow:auto;max-height:28rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e7eb;padding:.3rem;text-align:left;vertical-align:top}
.op{border-top:2px solid #e3e7eb;margin-top:1.2rem}.m{color:#fff;border-radius:3px;padding:0 .4rem;font-size:13px}
.get{background:#2f7d4a}.post{background:#2b5fb4}.delete{background:#b4322b}.cols{display:flex;gap:1rem}.cols>div{flex:1;min-width:0}
nav ul{columns:2;font-size:13px}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)} · OpenAPI ${esc(doc.openapi)}</small></h1><p>${esc(doc.info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Security</h2><ul>${schemes}</ul><nav><h2>Operations</h2><ul>${toc.join('')}</ul></nav>
${sections}<h2>Schemas</h2>${schemas}</body></html>`;
}
