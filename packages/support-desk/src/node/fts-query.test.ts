import { toFtsQuery } from './fts-query';

describe(toFtsQuery, () => {
  it('keeps the meaningful words, quoted, joined with OR', () => {
    expect(toFtsQuery('Where is my parcel?!')).toBe('"parcel"');
    expect(toFtsQuery("I can't log in: password reset doesn't work")).toBe('"log" OR "password" OR "reset" OR "work"');
  });

  it('turns operators, column filters and quotes into plain words', () => {
    expect(toFtsQuery('title:"refund" AND NEAR(box crushed) OR body:*')).toBe('"title" OR "refund" OR "near" OR "box" OR "crushed" OR "body"');
  });

  it('puts the intent hints first and removes duplicates', () => {
    expect(toFtsQuery('tracking number please', 'order-status')).toBe('"tracking" OR "parcel" OR "delivery" OR "number"');
  });

  it('returns null when nothing is left', () => {
    expect(toFtsQuery('')).toBeNull();
    expect(toFtsQuery('?!? "" ** :: -- ()')).toBeNull();
    expect(toFtsQuery('Hi, I am here. Thanks!')).toBeNull();
  });
});
