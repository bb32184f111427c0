import { codecServerConfigFromEnv } from '../codec-server-config';

describe('codecServerConfigFromEnv', () => {
  it('defaults to loopback and the dev server UI, without a token', () => {
    expect(codecServerConfigFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: 8888,
      corsOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'],
      token: undefined,
    });
  });

  it('requires a token off loopback, and a long enough one', () => {
    expect(() => codecServerConfigFromEnv({ CODEC_SERVER_HOST: '0.0.0.0' })).toThrow(
      'CODEC_SERVER_TOKEN is required when CODEC_SERVER_HOST (0.0.0.0) is not a loopback address',
    );
    expect(() => codecServerConfigFromEnv({ CODEC_SERVER_TOKEN: 'short' })).toThrow('CODEC_SERVER_TOKEN must be at least 16 characters');
    expect(codecServerConfigFromEnv({ CODEC_SERVER_HOST: '0.0.0.0', CODEC_SERVER_TOKEN: 'x'.repeat(32) }).token).toBe('x'.repeat(32));
  });

  it('refuses a bad port or origin, naming the variable', () => {
    expect(() => codecServerConfigFromEnv({ CODEC_SERVER_PORT: '99999' })).toThrow('CODEC_SERVER_PORT must be an integer from 0 to 65535, got "99999"');
    expect(() => codecServerConfigFromEnv({ CODEC_SERVER_CORS_ORIGINS: 'https://ui.example/path' })).toThrow('CODEC_SERVER_CORS_ORIGINS must list origins');
  });
});
