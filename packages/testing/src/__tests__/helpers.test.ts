import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, lateBound, tempDirPerTest } from '../index';

describe(eventually, () => {
  it('asks again while the probe answers undefined or false, or throws, and returns its first answer', async () => {
    const answers: unknown[] = [undefined, false, new Error('not started yet'), 0, 'late'];
    let calls = 0;
    const value = await eventually(
      'a value',
      () => {
        const answer = answers[calls++];
        if (answer instanceof Error) throw answer;
        return answer as number | undefined | false;
      },
      5_000,
      1,
    );
    expect(value).toBe(0); // 0 is an answer: only undefined and false mean "not yet"
    expect(calls).toBe(4);
  });

  it('fails after the timeout, naming what it waited for and the last error', async () => {
    const waiting = eventually(
      'the reply',
      () => {
        throw new Error('connection refused');
      },
      50,
      5,
    );
    await expect(waiting).rejects.toThrow(/^timed out after 50 ms waiting for the reply; last: connection refused$/);
  });

  it('names the last answer when the probe never threw', async () => {
    await expect(eventually('three RFQs', () => false, 20, 5)).rejects.toThrow('waiting for three RFQs; last: false');
  });
});

describe(tempDirPerTest, () => {
  const dir = tempDirPerTest('testing-helpers-');
  const seen: string[] = [];

  it('gives each test a new, empty directory', () => {
    expect(existsSync(dir())).toBe(true);
    writeFileSync(join(dir(), 'left-behind.txt'), 'x');
    seen.push(dir());
  });

  it('removed the previous test’s directory with what was in it', () => {
    expect(dir()).not.toBe(seen[0]);
    expect(existsSync(seen[0]!)).toBe(false);
  });
});

describe(lateBound, () => {
  it('forwards properties and methods (bound) to the value once it exists, and throws before', () => {
    const made: { value?: { name: string; greet(): string } } = {};
    const later = lateBound(() => {
      if (!made.value) throw new Error('made in beforeAll');
      return made.value;
    });
    expect(() => later.name).toThrow('made in beforeAll');
    made.value = {
      name: 'Ada',
      greet() {
        return `Hello, ${this.name}`;
      },
    };
    const { greet } = later;
    expect(later.name).toBe('Ada');
    expect(greet()).toBe('Hello, Ada');
    expect('greet' in later).toBe(true);
  });
});
