import { htmlToPlainText } from '../html-to-text';

describe(htmlToPlainText, () => {
  it('turns blocks into lines and drops markup, styles and scripts', () => {
    const html =
      '<html><head><style>p{}</style></head><body><h1>Offer</h1><p>Price:&nbsp;395&#8364; &amp; more</p>' +
      '<script>alert(1)</script><ul><li>one</li><li>two</li></ul>line<br>break</body></html>';
    expect(htmlToPlainText(html)).toBe('Offer\nPrice: 395€ & more\n* one\n* two\nline\nbreak');
  });

  it('drops an unclosed script and everything after it, as a browser would', () => {
    expect(htmlToPlainText('<p>before</p><script>never closed <p>after</p>')).toBe('before');
    expect(htmlToPlainText('<STYLE type="x">p{}</style >shown')).toBe('shown');
  });

  it.each([
    ['unclosed tags', '<'.repeat(200_000)],
    ['unclosed scripts', '<script'.repeat(50_000)],
    ['unclosed list items', '<li'.repeat(100_000)],
  ])('takes linear time on %s (a forged body is cheap to send)', (_, html) => {
    const started = Date.now();
    htmlToPlainText(html);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
