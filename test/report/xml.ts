// A tiny XML 1.0 reader for tests: enough to prove a report is well-formed and to read its elements
// back. It throws on an unbalanced tag, a raw `<` or `&`, an unknown entity, a duplicate attribute,
// an unquoted attribute, a character XML cannot hold, text outside the root, or more than one root.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (entities decoded), children's text left out. */
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ILLEGAL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/g;

function decode(s: string, where: number): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '&') {
      out += s[i++];
      continue;
    }
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(s);
    if (!m) throw new Error(`bad entity near ${where + i}: ${JSON.stringify(s.slice(i, i + 12))}`);
    out += m[1] ? NAMED[m[1]] : String.fromCodePoint(m[2] ? Number(m[2]) : parseInt(m[3], 16));
    i += m[0].length;
  }
  return out;
}

/** Parses `xml` (an optional `<?xml …?>` declaration, then one root element). */
export function parseXml(xml: string): XmlElement {
  if (ILLEGAL.test(xml)) throw new Error('a character XML 1.0 cannot hold');
  const decl = /^<\?xml\s[^?]*\?>/.exec(xml);
  let i = decl ? decl[0].length : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i) === -1 ? xml.length : xml.indexOf('<', i);
      const text = decode(xml.slice(i, end), i);
      if (stack.length) stack[stack.length - 1].text += text;
      else if (text.trim()) throw new Error(`text outside the root element at ${i}`);
      i = end;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(xml);
    if (!m) throw new Error(`stray < at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
    i += m[0].length;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      if (attrText || selfClose) throw new Error(`malformed end tag </${name}>`);
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(ATTR)) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      attrs[a[1]] = decode(a[2], i);
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error(`second root element <${name}>`);
    else root = el;
    if (!selfClose) stack.push(el);
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element named `name` under `el`, depth first. */
export function elements(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => elements(c, name))];
}
