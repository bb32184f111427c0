import { responseJsonSchema } from '../providers/openai-compatible';
import { classifyThreadTask, toContractFlow } from '../tasks/classify-thread';
import { summarizeThreadTask } from '../tasks/summarize-thread';

const TASKS = [classifyThreadTask, summarizeThreadTask];

/** Every object node of a JSON schema. */
function objects(node: unknown): Record<string, unknown>[] {
  if (!node || typeof node !== 'object') return [];
  const here = (node as { type?: unknown }).type === 'object' ? [node as Record<string, unknown>] : [];
  return [...here, ...Object.values(node).flatMap(objects)];
}

describe(responseJsonSchema, () => {
  it.each(TASKS.map((t) => [t.name, t] as const))('%s is usable with strict structured output', (_name, task) => {
    const schema = responseJsonSchema(task.schema);
    expect(schema).not.toHaveProperty('$schema');
    const nodes = objects(schema);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      // Strict mode: no extra properties, and every property required (absent values are null).
      expect(node.additionalProperties).toBe(false);
      expect([...(node.required as string[])].sort()).toEqual(Object.keys(node.properties as object).sort());
    }
  });
});

describe(toContractFlow, () => {
  it('maps other to the contracts unknown flow', () => {
    expect(toContractFlow('other')).toBe('unknown');
    expect(toContractFlow('support')).toBe('support');
  });
});

describe('prompts', () => {
  it('every task tells the model that the email is untrusted data', () => {
    const email = { subject: 's', text: 't', from: { address: 'a@b.example' } };
    const inputs = [email, { messages: [email] }];
    TASKS.forEach((task, i) => {
      const prompt = (task.prompt as (input: unknown) => { system: string; user: string })(inputs[i]);
      expect(prompt.system).toContain('untrusted data');
      expect(prompt.user).toContain('<untrusted-email>');
    });
  });
});
