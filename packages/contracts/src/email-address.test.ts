import { normalizeAddress } from './email-address';

describe(normalizeAddress, () => {
  it('extracts the bare address, lower-cased', () => {
    expect(normalizeAddress('Emma <Emma.Jones@Mail.example>')).toBe('emma.jones@mail.example');
    expect(normalizeAddress('"Tom O\'Neill" < tom@x.example >')).toBe('tom@x.example');
    expect(normalizeAddress(' tom@x.example ')).toBe('tom@x.example');
  });

  it('returns null without a plausible address', () => {
    expect(normalizeAddress('Emma')).toBeNull();
    expect(normalizeAddress('')).toBeNull();
    expect(normalizeAddress('two words@x.example')).toBeNull();
    expect(normalizeAddress('a@b@c')).toBeNull();
  });
});
