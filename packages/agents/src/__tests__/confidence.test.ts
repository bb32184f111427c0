import { classifyByRules } from '../providers/rules/classify';
import { CLASSIFY_CONFIDENCE_THRESHOLD } from '../tasks/classify-thread';

// Short mail written for this test (none copied from a corpus). A short, clear question is answered
// without a human; a short mail with nothing to go on still says it is unsure.
const classify = (subject: string, text: string) =>
  classifyByRules({ subject, text, from: { address: 'customer@mail.example' }, receivedAt: '2026-03-11T10:00:00Z' });

describe('confidence on short mail', () => {
  it.each([
    ['Hello', 'Which payment methods do you accept? Can I pay by invoice or with PayPal?'],
    ['Hi', 'Do the trail shoes run small?'],
    ['Frage', 'Hat der Staubsauger einen waschbaren Filter?'],
    ['Question', 'Le sac à dos est-il garanti combien de temps ?'],
    ['Pregunta', '¿Cuánto tiempo dura la batería del altavoz?'],
  ])('is confident about a short, clear product question: %s / %s', (subject, text) => {
    const output = classify(subject, text);
    expect(output.intent).toBe('product-question');
    expect(output.confidence).toBeGreaterThanOrEqual(CLASSIFY_CONFIDENCE_THRESHOLD);
  });

  it.each([
    ['Hi', 'Quick question'],
    ['hello', 'see below'],
    ['Hello', 'Could you call me back about the thing we discussed?'],
    ['Re: thanks', 'Thanks!'],
    ['Re:', 'ok'],
  ])('stays unsure about a short mail with nothing to go on: %s / %s', (subject, text) => {
    expect(classify(subject, text).confidence).toBeLessThan(CLASSIFY_CONFIDENCE_THRESHOLD);
  });

  it('is no surer of a question for repeating it', () => {
    const once = classify('Hi', 'Do the trail shoes run small?').confidence;
    const repeated = classify('Hi', 'Do the trail shoes run small? '.repeat(50)).confidence;
    expect(repeated).toBe(once);
  });
});
