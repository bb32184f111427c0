import { isSameCustomer } from './customer';

describe(isSameCustomer, () => {
  it('compares addresses case-insensitively, with or without a display name', () => {
    expect(isSameCustomer('tom.oneill@customer.example', 'Tom.ONeill@Customer.Example')).toBe(true);
    expect(isSameCustomer('tom.oneill@customer.example', '"Tom O\'Neill" <tom.oneill@customer.example>')).toBe(true);
    expect(isSameCustomer(' tom.oneill@customer.example ', 'tom.oneill@customer.example')).toBe(true);
  });

  it('does not fold plus-addressing or dots: a different mailbox is a different sender', () => {
    expect(isSameCustomer('tom@customer.example', 'tom+orders@customer.example')).toBe(false);
    expect(isSameCustomer('tom+orders@customer.example', 'tom@customer.example')).toBe(false);
    expect(isSameCustomer('tom.oneill@gmail.example', 'tomoneill@gmail.example')).toBe(false);
  });

  it('never matches a different address or garbage', () => {
    expect(isSameCustomer('tom@customer.example', 'tom@customer.example.evil')).toBe(false);
    expect(isSameCustomer('tom@customer.example', 'support@orchestrator.example')).toBe(false);
    expect(isSameCustomer('', '')).toBe(false);
    expect(isSameCustomer('not an address', 'not an address')).toBe(false);
  });
});
