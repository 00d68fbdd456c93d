// Matching a request path against a fault rule's `path` in time linear in the path, whatever the pattern.
// A JavaScript RegExp backtracks: `^/(a+)+$` against "/aaaa…a!" takes seconds, and since rules come over HTTP
// one request could freeze the server for everyone. So patterns never run as RegExp: they compile to a
// Thompson NFA simulated one character at a time (O(path × pattern)), the way RE2 does.
//
// Syntax (docs/sandbox.md, faults): an exact path; `:name` for one segment; `*` for anything, slashes included;
// or a regular expression starting with `^`: literals and escapes, `.`, `\d \w \s` (and negations), classes
// `[a-z0-9_-]`, groups `( )` `(?: )` `(?<name> )`, `|`, quantifiers `* + ? {n} {n,} {n,m}` (lazy `?` allowed)
// and a final `$`. What needs backtracking (back-references, lookaround) is a 400 naming the field.
type Test = (c: number) => boolean;
type Node =
  | { k: 'char'; test: Test }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; options: Node[] }
  | { k: 'rep'; node: Node; min: number; max: number }; // max = Infinity for unbounded

/** Past this many NFA states a pattern is refused (a `{n,m}` copies its atom): keeps matching cheap. */
const MAX_STATES = 5000;

export class PatternError extends Error {}

const ANY: Test = () => true;
const NOT_SLASH: Test = (c) => c !== 47;
const DIGIT: Test = (c) => c >= 48 && c <= 57;
const WORD: Test = (c) => DIGIT(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACE: Test = (c) => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff;
const not = (t: Test): Test => (c) => !t(c);
const lit = (ch: string): Node => { const code = ch.charCodeAt(0); return { k: 'char', test: (c) => c === code }; };

/** A matcher for a fault rule path; throws PatternError saying what is wrong with it. */
export function compilePath(path: string): (p: string) => boolean {
  if (path.startsWith('^')) return run(parseRegex(path.slice(1)));
  if (!path.includes('*') && !path.includes(':')) return (p) => p === path;
  const items: Node[] = [];
  path.split('/').forEach((seg, i) => {
    if (i > 0) items.push(lit('/'));
    if (seg.startsWith(':')) { items.push({ k: 'rep', node: { k: 'char', test: NOT_SLASH }, min: 1, max: Infinity }); return; }
    for (const ch of seg) items.push(ch === '*' ? { k: 'rep', node: { k: 'char', test: ANY }, min: 0, max: Infinity } : lit(ch));
  });
  return run({ k: 'seq', items }, true);
}

// ---- the regex subset -------------------------------------------------------------------------------------

function parseRegex(src: string): { node: Node; anchoredEnd: boolean } {
  let anchoredEnd = false;
  if (src.endsWith('$') && !isEscaped(src, src.length - 1)) { anchoredEnd = true; src = src.slice(0, -1); }
  let i = 0;
  const fail = (what: string): never => { throw new PatternError(what); };

  const alternation = (): Node => {
    const options = [sequence()];
    while (src[i] === '|') { i++; options.push(sequence()); }
    return options.length === 1 ? options[0] : { k: 'alt', options };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(quantified(atom()));
    return { k: 'seq', items };
  };
  const quantified = (node: Node): Node => {
    for (;;) {
      const c = src[i];
      let min: number; let max: number;
      if (c === '*') { min = 0; max = Infinity; i++; }
      else if (c === '+') { min = 1; max = Infinity; i++; }
      else if (c === '?') { min = 0; max = 1; i++; }
      else if (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i))!;
        min = Number(m[1]); max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) fail('has a {n,m} quantifier with m < n');
        i += m[0].length;
      } else return node;
      if (src[i] === '?') i++; // lazy: the same set of matches
      node = { k: 'rep', node, min, max };
    }
  };
  const atom = (): Node => {
    const c = src[i++];
    if (c === '(') {
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?<', i) && !src.startsWith('?<=', i) && !src.startsWith('?<!', i)) {
        const end = src.indexOf('>', i);
        if (end < 0) fail('has an unterminated group name');
        i = end + 1;
      } else if (src[i] === '?') fail('uses lookaround, which fault paths do not support');
      const inner = alternation();
      if (src[i++] !== ')') fail('has an unbalanced parenthesis');
      return inner;
    }
    if (c === '[') return charClass();
    if (c === '.') return { k: 'char', test: ANY };
    if (c === '\\') return { k: 'char', test: escape(true) };
    if (c === '^' || c === '$') fail(`uses "${c}" inside the pattern (only a leading ^ and a final $ are supported)`);
    if (c === ')' || c === '*' || c === '+' || c === '?') fail(`has an unexpected "${c}"`);
    return lit(c);
  };
  const escape = (outsideClass: boolean): Test => {
    const e = src[i++];
    if (e === undefined) fail('ends with a lone backslash');
    switch (e) {
      case 'd': return DIGIT; case 'D': return not(DIGIT);
      case 'w': return WORD; case 'W': return not(WORD);
      case 's': return SPACE; case 'S': return not(SPACE);
      case 't': return (c) => c === 9;
      case 'n': return (c) => c === 10;
    }
    if (/[0-9]/.test(e) && outsideClass) fail('uses a back-reference, which fault paths do not support');
    if (/[A-Za-z0-9]/.test(e)) fail(`uses the escape \\${e}, which fault paths do not support`);
    const code = e.charCodeAt(0);
    return (c) => c === code;
  };
  const charClass = (): Node => {
    const negated = src[i] === '^';
    if (negated) i++;
    const parts: Test[] = [];
    let first = true;
    while (i < src.length && (src[i] !== ']' || first)) {
      first = false;
      let from: number | undefined;
      if (src[i] === '\\') { i++; const t = escape(false); const e = src[i - 1]; if (/[dDwWsS]/.test(e)) { parts.push(t); continue; } from = e === 't' ? 9 : e === 'n' ? 10 : e.charCodeAt(0); }
      else from = src.charCodeAt(i++);
      if (src[i] === '-' && src[i + 1] !== undefined && src[i + 1] !== ']') {
        i++;
        let to: number;
        if (src[i] === '\\') { i++; const e = src[i++]; if (/[A-Za-z0-9]/.test(e ?? '')) fail('has a class range ending in an escape'); to = e.charCodeAt(0); }
        else to = src.charCodeAt(i++);
        if (to < from) fail('has a class range out of order');
        const lo = from;
        parts.push((c) => c >= lo && c <= to);
      } else {
        const one = from;
        parts.push((c) => c === one);
      }
    }
    if (src[i++] !== ']') fail('has an unterminated character class');
    const test: Test = (c) => parts.some((t) => t(c));
    return { k: 'char', test: negated ? not(test) : test };
  };

  const node = alternation();
  if (i < src.length) fail(`has an unexpected "${src[i]}"`);
  return { node, anchoredEnd };
}

function isEscaped(s: string, at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

// ---- NFA --------------------------------------------------------------------------------------------------

interface State { test?: Test; out: number[] }

/** Compile to states (built back to front: each node knows where it continues) and simulate. */
function run(parsed: Node | { node: Node; anchoredEnd: boolean }, anchoredEnd = false): (p: string) => boolean {
  const { node, anchoredEnd: end } = 'k' in parsed ? { node: parsed, anchoredEnd } : parsed;
  const states: State[] = [{ out: [] }]; // state 0 accepts
  const add = (s: State): number => {
    if (states.length >= MAX_STATES) throw new PatternError(`is too large (more than ${MAX_STATES} states once repetitions are expanded)`);
    return states.push(s) - 1;
  };
  const compile = (n: Node, next: number): number => {
    switch (n.k) {
      case 'char': return add({ test: n.test, out: [next] });
      case 'seq': return n.items.reduceRight((acc, item) => compile(item, acc), next);
      case 'alt': return add({ out: n.options.map((o) => compile(o, next)) });
      case 'rep': {
        let start = next;
        if (n.max === Infinity) {
          const loop = add({ out: [] });
          states[loop].out = [compile(n.node, loop), next];
          start = loop;
        } else {
          for (let k = n.min; k < n.max; k++) start = add({ out: [compile(n.node, start), next] });
        }
        for (let k = 0; k < n.min; k++) start = compile(n.node, start);
        return start;
      }
    }
  };
  const start = compile(node, 0);
  // `seen[s] === gen`: state s is already in the list being built (one generation per input character).
  const seen = new Float64Array(states.length).fill(-1);
  let gen = 0;

  return (p) => {
    let current: number[] = [];
    gen++;
    const close = (list: number[], s: number) => {
      const stack = [s];
      while (stack.length) {
        const x = stack.pop()!;
        if (seen[x] === gen) continue;
        seen[x] = gen;
        if (states[x].test || x === 0) list.push(x);
        else for (let j = states[x].out.length - 1; j >= 0; j--) stack.push(states[x].out[j]);
      }
    };
    close(current, start);
    for (let i = 0; i < p.length; i++) {
      if (!end && current.includes(0)) return true;
      const c = p.charCodeAt(i);
      const next: number[] = [];
      gen++;
      for (const s of current) if (states[s].test?.(c)) close(next, states[s].out[0]);
      if (next.length === 0) return false;
      current = next;
    }
    return current.includes(0);
  };
}
