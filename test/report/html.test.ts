import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/html.ts';
import { indexPage } from '../../src/report/index.ts';

describe('indexPage', () => {
  it('escapes text', () => {
    expect(escapeHtml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
  });

  it('links every chart, shows the summary, and escapes titles', () => {
    const page = indexPage({
      title: 'Demo <1>',
      entries: [
        { file: 'loss.svg', title: 'Loss & gradient' },
        { file: 'paths.svg', title: 'Paths' },
      ],
      summary: 'a  b\n1  2',
    });
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<h1>Demo &lt;1&gt;</h1>');
    expect(page).toContain('<a href="loss.svg"><img src="loss.svg" alt="Loss &amp; gradient"></a>');
    expect(page).toContain('<a href="paths.svg">');
    expect(page.match(/<figure>/g)).toHaveLength(2);
    expect(page).toContain('<pre>a  b\n1  2</pre>');
  });

  it('has no summary block without a summary', () => {
    expect(indexPage({ title: 't', entries: [] })).not.toContain('<pre>');
  });
});
