import { EnvVariableError, envSchemas } from './env';
import { defineEnvVariable, envVariablesTable, readEnvVariable } from './env-docs';

describe('declared environment variables', () => {
  const level = defineEnvVariable({ name: 'LOG_LEVEL', schema: envSchemas.oneOf(['debug', 'info'] as const), default: '`info`', meaning: 'How much | to log' });
  const port = defineEnvVariable({ name: 'PORT', schema: envSchemas.integer(0, 65_535), default: '`8080`', meaning: 'Port' });

  it('reads with the schema that documents them, errors naming the variable', () => {
    expect(readEnvVariable({ LOG_LEVEL: 'DEBUG' }, level)).toBe('debug');
    expect(readEnvVariable({}, level)).toBeUndefined();
    expect(() => readEnvVariable({ PORT: '70000' }, port)).toThrow(new EnvVariableError('PORT', 'must be an integer from 0 to 65535, got "70000"'));
  });

  it('renders a Markdown table whose "accepts" column comes from the schemas (pipes escaped)', () => {
    expect(envVariablesTable([level, port, defineEnvVariable({ name: 'ON', schema: envSchemas.boolean, default: '`false`', meaning: 'x' })])).toBe(
      [
        '| Variable | Accepts | Default | Meaning |',
        '|---|---|---|---|',
        '| `LOG_LEVEL` | `debug`, `info` | `info` | How much \\| to log |',
        '| `PORT` | an integer 0–65535 | `8080` | Port |',
        '| `ON` | `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`) | `false` | x |',
      ].join('\n'),
    );
  });

  it('refuses a schema without a description (it would leave the table blank)', () => {
    expect(() => defineEnvVariable({ name: 'X', schema: envSchemas.boolean.describe(''), default: '', meaning: '' })).toThrow(
      /X: its schema needs a description/,
    );
  });
});
