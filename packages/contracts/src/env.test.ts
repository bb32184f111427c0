import { EnvVariableError, envSchemas, parseEnvDuration, readEnv } from './env';

class FlowishError extends EnvVariableError {
  override readonly name = 'FlowishError';
}

describe('readEnv', () => {
  it('reads every boolean spelling the same way, case-insensitively', () => {
    for (const raw of ['true', 'TRUE', '1', 'yes', 'Yes', 'on']) expect(readEnv({ X: raw }, 'X', envSchemas.boolean)).toBe(true);
    for (const raw of ['false', '0', 'no', 'OFF']) expect(readEnv({ X: raw }, 'X', envSchemas.boolean)).toBe(false);
  });

  it('treats unset and blank as unset', () => {
    expect(readEnv({}, 'X', envSchemas.boolean)).toBeUndefined();
    expect(readEnv({ X: '  ' }, 'X', envSchemas.duration)).toBeUndefined();
  });

  it('refuses a bad value naming the variable, the allowed values and what it got', () => {
    expect(() => readEnv({ IMAP_TLS_INSECURE: 'yep' }, 'IMAP_TLS_INSECURE', envSchemas.boolean)).toThrow(
      new EnvVariableError('IMAP_TLS_INSECURE', 'must be true or false (true, 1, yes, on, false, 0, no, off), got "yep"'),
    );
    expect(() => readEnv({ T: '5 minutes' }, 'T', envSchemas.duration)).toThrow(
      'T must be a positive duration like 500ms, 90s, 15m, 24h or 5d, got "5 minutes"',
    );
    expect(() => readEnv({ P: '70000' }, 'P', envSchemas.integer(0, 65_535))).toThrow('P must be an integer from 0 to 65535, got "70000"');
    expect(() => readEnv({ N: '1.5' }, 'N', envSchemas.integer(1))).toThrow('N must be an integer >= 1, got "1.5"');
    expect(() => readEnv({ L: 'loud' }, 'L', envSchemas.oneOf(['debug', 'info']))).toThrow('L must be one of debug, info, got "loud"');
  });

  it("throws the package's own error class when given one", () => {
    expect(() => readEnv({ X: 'maybe' }, 'X', envSchemas.boolean, FlowishError)).toThrow(FlowishError);
  });

  it('parses durations, lists and choices', () => {
    expect(parseEnvDuration('1.5m')).toBe(90_000);
    expect(parseEnvDuration('0s')).toBeNull();
    expect(readEnv({ D: '24h' }, 'D', envSchemas.duration)).toBe(86_400_000);
    expect(readEnv({ L: 'a, b,,c ' }, 'L', envSchemas.list)).toEqual(['a', 'b', 'c']);
    expect(readEnv({ L: 'INFO' }, 'L', envSchemas.oneOf(['debug', 'info']))).toBe('info');
  });

  it('reads plain decimals in a range, refusing hex, exponents, fractions of integers and the excluded minimum', () => {
    const ratio = envSchemas.number({ min: 0, max: 1 });
    expect(readEnv({ R: '0.75' }, 'R', ratio)).toBe(0.75);
    for (const raw of ['0x1', '1e-1', '.5', '1.5', '-0.1', 'half'])
      expect(() => readEnv({ R: raw }, 'R', ratio)).toThrow(`R must be a number between 0 and 1, got ${JSON.stringify(raw)}`);
    expect(() => readEnv({ N: '2.5' }, 'N', envSchemas.number({ min: 1, integer: true }))).toThrow('N must be an integer >= 1, got "2.5"');
    const hours = envSchemas.number({ min: 0, exclusiveMin: true });
    expect(readEnv({ H: '0.5' }, 'H', hours)).toBe(0.5);
    expect(() => readEnv({ H: '0' }, 'H', hours)).toThrow('H must be a number > 0, got "0"');
    expect(hours.description).toBe('a number > 0');
  });
});
