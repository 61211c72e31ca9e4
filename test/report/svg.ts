/**
 * Reading rendered SVGs in tests: a strict XML parse (any warning or error throws), and counts of the marks
 * Vega drew, read from its class names (`mark-line role-mark`, `mark-symbol role-mark`, …).
 */
import { DOMParser, type Element } from '@xmldom/xmldom';

/** parseSvg(svg): the root element of a well-formed SVG document; throws on any XML problem. */
export const parseSvg = (svg: string): Element => {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  });
  const root = parser.parseFromString(svg, 'image/svg+xml').documentElement;
  if (root === null || root.tagName !== 'svg')
    throw new Error(`not an SVG document: root ${root?.tagName ?? 'missing'}`);
  return root;
};

const classOf = (e: Element): string => e.getAttribute('class') ?? '';

/** The <g> elements holding the data marks of one kind (line, symbol, rect, …). */
export const markGroups = (root: Element, kind: string): Element[] =>
  Array.from(root.getElementsByTagName('g')).filter((g) => classOf(g).startsWith(`mark-${kind} role-mark`));

/** The number of drawn items of a mark kind: one <path> per line or per symbol. */
export const countMarks = (root: Element, kind: string): number =>
  markGroups(root, kind).reduce((n, g) => n + Array.from(g.childNodes).filter((c) => c.nodeName === 'path').length, 0);

/** The number of entries of the legend (symbols in the legend's symbol group). */
export const countLegendEntries = (root: Element): number =>
  Array.from(root.getElementsByTagName('g'))
    .filter((g) => classOf(g).startsWith('mark-symbol role-legend-symbol'))
    .reduce((n, g) => n + Array.from(g.childNodes).filter((c) => c.nodeName === 'path').length, 0);

/** Every text drawn (titles, axis labels, legend labels). */
export const texts = (root: Element): string[] =>
  Array.from(root.getElementsByTagName('text')).map((t) => t.textContent ?? '');
