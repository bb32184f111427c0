import { readFileSync } from 'node:fs';
import { createAgents } from '../agent';
import { findDates } from '../providers/rules/dates';
import { detectLanguage } from '../providers/rules/language';
import { RulesProvider } from '../providers/rules/rules-provider';
import { CLASSIFY_CONFIDENCE_THRESHOLD } from '../tasks/classify-thread';
import { INTENT_MODEL_PATH, serialiseModel, trainFromCorpus } from '../../eval/train-intent-model';

// The kinds of mail the first rules failed on (issue 16), one case each, plus the attacker's input.
const agents = createAgents(new RulesProvider());
const receivedAt = '2026-11-27T09:00:00Z';
const mail = (subject: string, text: string, from = 'someone@mail.example') => ({ subject, text, from: { address: from }, receivedAt });

describe(detectLanguage, () => {
  it.each([
    ['Hola, ¿dónde está mi pedido? Lo hice hace dos semanas y todavía no ha llegado.', 'es'],
    ['Olá, a minha encomenda ainda não chegou. Podem verificar, por favor?', 'pt'],
    ['Bitte 3 Laptops für die neuen Azubis bestellen, bis spätestens 1. Februar.', 'de'],
    ['Hoi, kunnen jullie 10 bureaulampen bestellen voor kantoor Utrecht?', 'nl'],
    ['Buongiorno, vorrei sapere a che punto è il mio ordine.', 'it'],
    ["Bonjour, je n'ai toujours pas reçu mon remboursement.", 'fr'],
    ['any update on my order? placed it 10 days ago', 'en'],
  ])('%s -> %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('falls back to English for text without letters', () => {
    expect(detectLanguage('12345 !!! 678')).toBe('en');
  });
});

describe('dates read by chrono-node', () => {
  it('resolves weekdays and relative days against the received day', () => {
    expect(findDates('4 x toner pls. by Wed', receivedAt).map((d) => d.date)).toEqual(['2026-12-02']);
    expect(findDates('Bitte bis morgen liefern.', receivedAt).map((d) => d.date)).toEqual(['2026-11-28']);
    expect(findDates('I need it by Monday if at all possible', receivedAt).map((d) => d.date)).toEqual(['2026-11-30']);
  });

  it('does not take greetings or stray letters for dates', () => {
    expect(findDates('Morning - before the H&S inspection on 7 Dec.', receivedAt).map((d) => d.date)).toEqual(['2026-12-07']);
  });

  it('reads a bounded head of a huge body, so an attacker cannot make it slow', () => {
    const huge = `${'Monday Tuesday 12 Jan '.repeat(100_000)}`;
    expect(findDates(huge, receivedAt).length).toBeGreaterThan(0);
  }, 30_000);
});

describe('classifyThread on the kinds of mail that failed before', () => {
  it('reads a formal legal notice as a high-urgency complaint', async () => {
    const { output } = await agents.classifyThread(
      mail(
        'Formal notice - order 402291',
        'Dear Sirs,\n\nWe act on behalf of our client regarding order 402291. Unless the refund is paid within 14 days, our client will issue proceedings without further notice.\n\nYours faithfully,\nHart & Co Solicitors',
      ),
    );
    expect(output).toMatchObject({ flow: 'support', intent: 'complaint', urgency: 'high', sentiment: 'negative' });
  });

  it('reads repeated contact as urgent', async () => {
    const { output } = await agents.classifyThread(mail('Again', 'This is the third time I am writing about order 61200 and nobody answers.'));
    expect(output).toMatchObject({ flow: 'support', urgency: 'high' });
  });

  it('tells a newsletter from support', async () => {
    const { output } = await agents.classifyThread(
      mail('Our December news', 'Discover our Christmas collection and gift ideas.\n\nUnsubscribe | Manage preferences', 'newsletter@shop.example'),
    );
    expect(output).toMatchObject({ flow: 'other', intent: 'other', urgency: 'low' });
  });

  it('reads a terse request without verb or greeting, and one phrased as a question', async () => {
    expect((await agents.classifyThread(mail('monitors', '6x Dell P2425H for finance, by 10 Dec. ~1500 EUR\nTom'))).output.intent).toBe('purchase-request');
    expect((await agents.classifyThread(mail('chairs?', 'Is it possible to get 4 new chairs for the reception?'))).output.intent).toBe('purchase-request');
  });

  it('says it is unsure about mail with nothing to go on', async () => {
    const { output } = await agents.classifyThread(mail('hello', 'see below'));
    expect(output.confidence).toBeLessThan(CLASSIFY_CONFIDENCE_THRESHOLD);
  });
});

describe('the intent model', () => {
  it('is the one the development corpus trains (deterministic, committed)', () => {
    expect(readFileSync(INTENT_MODEL_PATH, 'utf8')).toBe(serialiseModel(trainFromCorpus()));
  }, 30_000);
});
