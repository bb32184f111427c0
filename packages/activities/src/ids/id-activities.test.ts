import { MockActivityEnvironment } from '@temporalio/testing';
import type { ThreadIdKey } from './id-activities';
import { createIdActivities } from './id-activities';
import { quietLogger } from '@org/orchestrator-testing';

const SECRET = Buffer.from('s'.repeat(32));
const env = new MockActivityEnvironment({}, { logger: quietLogger });
type IdActivities = ReturnType<typeof createIdActivities>;
const keyOf = async (activities: IdActivities, threadId: string) => ((await env.run(activities.threadIdKey, { threadId })) as ThreadIdKey).key;

describe('threadIdKey', () => {
  it('is stable per secret and thread, and unrelated between threads and secrets', async () => {
    const activities = createIdActivities({ idSecret: SECRET });
    const key = await keyOf(activities, '<root@example.com>');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyOf(activities, '<root@example.com>')).toBe(key);
    expect(await keyOf(activities, '<other@example.com>')).not.toBe(key);
    expect(await keyOf(createIdActivities({ idSecret: Buffer.from('t'.repeat(32)) }), '<root@example.com>')).not.toBe(key);
  });

  it('uses a random secret when given none (still unguessable)', async () => {
    expect(await keyOf(createIdActivities({}), '<t@x>')).not.toBe(await keyOf(createIdActivities({}), '<t@x>'));
  });

  it('refuses an empty thread id', async () => {
    const { threadIdKey } = createIdActivities({ idSecret: SECRET });
    await expect(env.run(threadIdKey, { threadId: ' ' })).rejects.toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
  });
});
