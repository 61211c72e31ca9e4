/**
 * The HTML index page of a report: a title, an optional summary table, and each chart as a linked image.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkOptionalString, checkRecord, checkString } from './arguments.js';

/** escapeHtml(s): s with & < > " ' replaced by entities. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** An entry of the index: the chart's file (relative to the page) and its caption. */
export interface IndexEntry {
  /** The image's path relative to the page, e.g. `loss.svg` (the image's source and the link's target). */
  readonly file: string;
  /** The caption, also the image's alt text. */
  readonly title: string;
}

/** What the index page shows. */
export interface IndexPage {
  /** The page's title and its heading. */
  readonly title: string;
  /** The charts, shown in this order. */
  readonly entries: readonly IndexEntry[];
  /** A preformatted text block (e.g. the summary table). */
  readonly summary?: string;
}

const entryKeys: KeySet<IndexEntry> = { file: true, title: true };
const pageKeys: KeySet<IndexPage> = { title: true, entries: true, summary: true };

/** indexPage's argument at its boundary: a record {title, entries, summary?} of strings and entries {file, title}. */
function checkPage(where: string, p: unknown): asserts p is IndexPage {
  checkRecord(where, 'page', p, pageKeys, 'a page {title, entries, summary?}');
  checkString(where, 'page.title', p['title']);
  checkOptionalString(where, 'page.summary', p['summary']);
  const entries = p['entries'];
  if (!Array.isArray(entries))
    throw new ArgumentError(
      where,
      `page.entries: expected an array of entries {file, title}, got ${describeValue(entries)}`,
    );
  const list: readonly unknown[] = entries;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    checkRecord(where, `page.entries[${i}]`, e, entryKeys, 'an entry {file, title}');
    checkString(where, `page.entries[${i}].file`, e['file']);
    checkString(where, `page.entries[${i}].title`, e['title']);
  }
}

const figure = (e: IndexEntry): string =>
  `<figure><a href="${escapeHtml(e.file)}"><img src="${escapeHtml(e.file)}" alt="${escapeHtml(e.title)}"></a>` +
  `<figcaption>${escapeHtml(e.title)}</figcaption></figure>`;

/**
 * indexPage({title, entries, summary}) = a standalone HTML5 document: <h1>title</h1>, the summary in a <pre>,
 * then one <figure> per entry with the image linked to its file. Every text is escaped. An argument that is not
 * such a page (a missing title, an entry without a file, an unknown key) is an ArgumentError.
 * @example indexPage({ title: 'Run 3', entries: [{ file: 'loss.svg', title: 'Loss' }] })
 */
export const indexPage = (p: IndexPage): string => {
  checkPage('indexPage', p);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(p.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}',
    'figure{display:inline-block;margin:1rem}',
    'img{max-width:100%;border:1px solid #ddd}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>',
    '</head><body>',
    `<h1>${escapeHtml(p.title)}</h1>`,
    ...(p.summary === undefined ? [] : [`<pre>${escapeHtml(p.summary)}</pre>`]),
    ...p.entries.map(figure),
    '</body></html>',
    '',
  ].join('\n');
};
