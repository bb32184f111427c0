import type { Order } from './types';
import { extractOrderNumbers, toOrderFact } from './orders';

describe(extractOrderNumbers, () => {
  it.each([
    ['Where is my order #A10482?', ['A10482']],
    ['I ordered a standing desk (order #10442) on 20 June', ['10442']],
    ['ich habe am 10.11. die Bestellung 88231 aufgegeben', ['88231']],
    ["J'ai retourné le casque (commande 66012) il y a deux semaines", ['66012']],
    ['hice un pedido la semana pasada (número 55120)', ['55120']],
    ['Order number: ab1234, and also order no. CD5678', ['AB1234', 'CD5678']],
    ['Re: AB1234 – and AB1234 again, plus #10442', ['AB1234', '10442']],
  ])('finds the orders in %s', (text, expected) => {
    expect(extractOrderNumbers(text)).toEqual(expected);
  });

  it('ignores postcodes, years, amounts, phone numbers and tracking numbers', () => {
    const text =
      'Deliver to Friedrichstraße 68, 10117 Berlin by 15 December 2026. Budget EUR 6.500,00. ' +
      'Call +49 30 123456. Tracking JD0146000012345. I ordered 10 days ago. Quotation Q-88231.';
    expect(extractOrderNumbers(text)).toEqual([]);
  });
});

describe(toOrderFact, () => {
  const order: Order = {
    number: 'A10482',
    customerId: 'C-1002',
    items: [{ sku: 'KT-AQUA', name: 'Aqua kettle', quantity: 1, unitPrice: 49.9 }],
    total: 49.9,
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2026-11-10T09:00:00Z',
    shipments: [
      {
        carrier: 'DHL',
        trackingNumber: 'JD0146000012345',
        status: 'in-transit',
        estimatedDelivery: '2026-11-27',
        updatedAt: '2026-11-20T08:00:00Z',
      },
    ],
  };

  it('flattens the latest shipment into the facts the agent reads', () => {
    expect(toOrderFact(order)).toEqual({
      id: 'A10482',
      status: 'shipped',
      items: [{ name: 'Aqua kettle', quantity: 1 }],
      placedAt: '2026-11-10T09:00:00Z',
      total: 49.9,
      currency: 'EUR',
      carrier: 'DHL',
      trackingNumber: 'JD0146000012345',
      shipmentStatus: 'in-transit',
      estimatedDelivery: '2026-11-27',
    });
    expect(toOrderFact({ ...order, shipments: [] })).not.toHaveProperty('carrier');
  });
});
