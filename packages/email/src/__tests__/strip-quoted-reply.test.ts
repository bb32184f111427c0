import { stripQuotedReply } from '../index';

describe(stripQuotedReply, () => {
  it.each([
    ['Gmail attribution', 'Yes, 12 chairs.\n\nOn Tue, 1 Jul 2025 at 09:15, Maria <m@x.example> wrote:\n> How many?\n> Thanks', 'Yes, 12 chairs.'],
    ['wrapped attribution', 'Fine.\n\nOn Tue, Jul 1, 2025 at 9:15 AM Maria Keller <\nmaria@x.example> wrote:\n> quoted', 'Fine.'],
    ['German', 'Passt.\n\nAm 01.07.2025 um 09:15 schrieb Maria Keller <m@x.example>:\n> Wie viele?', 'Passt.'],
    ['French', "D'accord.\n\nLe mar. 1 juil. 2025 à 09:15, Marie <m@x.example> a écrit :\n> Combien ?", "D'accord."],
    ['Spanish', 'Vale.\n\nEl mar, 1 jul 2025 a las 9:15, Ana <a@x.example> escribió:\n> ¿Cuántas?', 'Vale.'],
    ['Original Message', 'See below.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\n\nold text', 'See below.'],
    ['German Outlook separator', 'Siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: Bob\nold', 'Siehe unten.'],
    [
      'Outlook header block',
      'Approved.\n\nFrom: Bob Smith <bob@x.example>\nSent: Monday, July 1, 2025 9:15 AM\nTo: Purchasing\nSubject: PO\n\nold text',
      'Approved.',
    ],
    ['French Outlook block', 'Validé.\n\nDe : Bob <bob@x.example>\nEnvoyé : lundi 1 juillet 2025 09:15\nÀ : Achats\n\nancien texte', 'Validé.'],
    ['interleaved answers', '> How many chairs?\n12\n> Which colour?\nBlack', '12\nBlack'],
    ['CRLF line ends', 'Ok.\r\n\r\nOn Mon, Bob wrote:\r\n> old', 'Ok.'],
  ])('removes quoted history: %s', (_label, input, expected) => {
    expect(stripQuotedReply(input)).toBe(expected);
  });

  it('keeps a message without quotes, and forwarded content, unchanged', () => {
    expect(stripQuotedReply('Hello,\n\nplease quote 30 headsets.\n')).toBe('Hello,\n\nplease quote 30 headsets.');
    const forwarded = 'FYI\n\n---------- Forwarded message ---------\nFrom: Customer <c@x.example>\nDate: Mon, 14 Jul 2025\n\nNeed 30 headsets';
    expect(stripQuotedReply(forwarded)).toContain('Need 30 headsets');
  });

  it('keeps a "From:" line that is not an Outlook header block', () => {
    expect(stripQuotedReply('From: the warehouse team\nAll items shipped.')).toBe('From: the warehouse team\nAll items shipped.');
  });

  it('returns the text when it only quotes', () => {
    expect(stripQuotedReply('> only a quote\n')).toBe('> only a quote');
  });
});
