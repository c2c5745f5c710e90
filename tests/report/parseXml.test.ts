/**
 * The strict XML parser the report tests rely on: it must accept what a conforming parser
 * accepts from an SVG writer and reject the malformations that would make a browser show a
 * parser error, so that "the SVG parses" means something.
 */
import { describe, expect, it } from 'vitest';
import { allElements, parseXml, textOf } from './parseXml.ts';

describe('parseXml', () => {
  it('reads elements, attributes, entities, comments and text', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><svg a="1" b=\'x &amp; y\'><g><text>α &lt; &#946;' +
        '&#x3b3;</text></g><path d="M0,0"/></svg>\n',
    );
    expect(root.name).toBe('svg');
    expect(root.attrs).toEqual({ a: '1', b: 'x & y' });
    const text = allElements(root).find((e) => e.name === 'text');
    expect(text && textOf(text)).toBe('α < βγ');
    expect(allElements(root).map((e) => e.name)).toEqual(['svg', 'g', 'text', 'path']);
  });

  it.each([
    ['<svg><g></svg>', /closes <g>/],
    ['<svg>', /not closed/],
    ['<svg a=1/>', /not quoted/],
    ['<svg a="1" a="2"/>', /duplicate attribute/],
    ['<svg a="<"/>', /raw '<'/],
    ['<svg>&nbsp;</svg>', /unknown entity/],
    ['<svg>a & b</svg>', /unterminated entity|unknown entity/],
    ['<svg/><svg/>', /after the root/],
    ['<svg a="1"b="2"/>', /whitespace before an attribute/],
    ['text', /expected '<'/],
  ])('rejects %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(message);
  });
});
