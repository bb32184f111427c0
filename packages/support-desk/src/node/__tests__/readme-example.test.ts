// The README's flow example, run as written (the data folder in a temporary directory): if this fails, fix both.
import { RulesProvider } from '@org/orchestrator-agents';
import { tempDirPerTest } from '@org/orchestrator-testing';
import { SUPPORT_RULES, supportFlowModule } from '../index';
import type { SupportActivities, SupportFacts } from '../index';

const dir = tempDirPerTest('support-readme-');

it('runs the README example: the worker opens the module, its activities look up facts and draft', async () => {
  const threadId = '<order-question@mail.example>';
  const support = await supportFlowModule.open({
    env: {},
    database: { kind: 'sqlite', directory: dir() },
    agents: new RulesProvider({ rules: SUPPORT_RULES }),
  });
  try {
    expect(support.description).toMatch(/^support desk in .*support\.sqlite; knowledge base: .*knowledge-base$/);
    const { lookupSupportFacts, draftSupportAnswer } = support.activities as unknown as SupportActivities;
    const facts: SupportFacts = await lookupSupportFacts({ threadId, customer: 'emma.jones@mail.example', text: 'Where is my order A10482?' });
    expect(facts).toMatchObject({ customer: { id: 'C-1002', name: 'Emma Jones' }, order: { id: 'A10482' }, previousTicket: null });
    expect(facts.recentOrders.length).toBeGreaterThan(0);
    expect(facts.articles.length).toBeGreaterThan(0);
    // Outside a worker the agent activity needs an activity context: the README stops at the facts.
    expect(typeof draftSupportAnswer).toBe('function');
  } finally {
    await support.close();
  }
});
