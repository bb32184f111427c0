import { SEARCH_ATTRIBUTE_TYPES } from '@org/orchestrator-contracts';
import { searchAttributesRegistered } from '../search-attributes';

function connection(list: () => Promise<{ customAttributes?: Record<string, number> }>) {
  return { operatorService: { listSearchAttributes: list } } as unknown as Parameters<typeof searchAttributesRegistered>[0];
}

describe('searchAttributesRegistered', () => {
  it('is true when the namespace has every attribute', async () => {
    const all = Object.fromEntries(Object.keys(SEARCH_ATTRIBUTE_TYPES).map((name) => [name, 2]));
    const warnings: string[] = [];
    expect(
      await searchAttributesRegistered(
        connection(async () => ({ customAttributes: all })),
        'default',
        (m) => warnings.push(m),
      ),
    ).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('is false, naming each missing attribute and the command that registers it', async () => {
    const warnings: string[] = [];
    const ok = await searchAttributesRegistered(
      connection(async () => ({ customAttributes: { OrchestratorFlow: 2, OrchestratorStatus: 2 } })),
      'prod',
      (m) => warnings.push(m),
    );
    expect(ok).toBe(false);
    expect(warnings[0]).toContain(
      'namespace prod has no search attribute OrchestratorAmount, OrchestratorRequester, OrchestratorEscalated, OrchestratorSlaBreached',
    );
    expect(warnings[0]).toContain('temporal operator search-attribute create --namespace prod --name OrchestratorAmount --type Double');
    expect(warnings[0]).toContain('--name OrchestratorEscalated --type Bool');
  });

  it('trusts the configuration when the operator API is not available', async () => {
    const denied = connection(async () => {
      throw new Error('PermissionDenied');
    });
    expect(await searchAttributesRegistered(denied, 'default', () => undefined)).toBe(true);
  });
});
