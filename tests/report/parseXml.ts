/**
 * A small strict XML parser for the report tests (no new npm package): elements, attributes,
 * text, comments and the five predefined and numeric entities. It throws, with the offset,
 * on anything a conforming parser rejects that an SVG writer could plausibly produce:
 * mismatched or unclosed tags, unquoted or duplicate attributes, a raw '<' in an attribute,
 * an unknown or unterminated entity, text outside the single root element.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
}

export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`XML: ${why} at offset ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(text);
    if (!match) fail('expected a name');
    i += (match as RegExpExecArray)[0].length;
    return (match as RegExpExecArray)[0];
  };
  const decode = (raw: string, where: number): string =>
    raw.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) {
        i = where;
        fail(`unterminated entity ${whole}`);
      }
      if (body in ENTITIES) return ENTITIES[body];
      const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      if (!numeric) {
        i = where;
        fail(`unknown entity &${body};`);
      }
      const m = numeric as RegExpExecArray;
      return String.fromCodePoint(m[1] ? Number.parseInt(m[1], 16) : Number(m[2]));
    });
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };

  const parseElement = (parent: XmlElement | null): XmlElement => {
    if (text[i] !== '<') fail("expected '<'");
    i++;
    const element: XmlElement = { name: readName(), attrs: {}, children: [], parent };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return element;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const name = readName();
      skipSpace();
      if (text[i] !== '=') fail(`attribute ${name} has no '='`);
      i++;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail(`attribute ${name} is not quoted`);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) fail(`attribute ${name} is not closed`);
      const raw = text.slice(i + 1, end);
      if (raw.includes('<')) fail(`attribute ${name} holds a raw '<'`);
      if (name in element.attrs) fail(`duplicate attribute ${name}`);
      element.attrs[name] = decode(raw, i);
      i = end + 1;
    }
    for (;;) {
      const next = text.indexOf('<', i);
      if (next < 0) fail(`element <${element.name}> is not closed`);
      if (next > i) element.children.push(decode(text.slice(i, next), i));
      i = next;
      if (text.startsWith('</', i)) {
        i += 2;
        const name = readName();
        if (name !== element.name) fail(`</${name}> closes <${element.name}>`);
        skipSpace();
        if (text[i] !== '>') fail("expected '>'");
        i++;
        return element;
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        element.children.push(text.slice(i + 9, end));
        i = end + 3;
        continue;
      }
      element.children.push(parseElement(element));
    }
  };

  skipMisc();
  const root = parseElement(null);
  skipMisc();
  if (i !== text.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [root];
  for (const child of root.children) if (typeof child !== 'string') out.push(...allElements(child));
  return out;
}

/** The concatenated text content of an element. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
