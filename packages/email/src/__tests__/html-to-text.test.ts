import { htmlToPlainText } from '../html-to-text';

describe(htmlToPlainText, () => {
  it('turns blocks into lines and drops markup, styles and scripts', () => {
    const html =
      '<html><head><style>p{}</style></head><body><h1>Offer</h1><p>Price:&nbsp;395&#8364; &amp; more</p>' +
      '<script>alert(1)</script><ul><li>one</li><li>two</li></ul>line<br>break</body></html>';
    expect(htmlToPlainText(html)).toBe('Offer\nPrice: 395€ & more\n* one\n* two\nline\nbreak');
  });
});
