import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractOrderNumbers } from '../orders';
import { SEED_CUSTOMERS, SEED_ORDERS } from './seed';
import { openSqliteSupportDesk, TicketClosedError, TicketNotFoundError } from './support-desk-store';

describe(openSqliteSupportDesk, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'support-desk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('seeded lookups', () => {
    it('finds the customer of a sample email, case-insensitively and by display form', () => {
      const desk = openSqliteSupportDesk(':memory:');
      expect(desk.findCustomerByEmail('"Tom O\'Neill" <Tom.ONeill@customer.example>')).toEqual({
        id: 'C-1001',
        email: 'tom.oneill@customer.example',
        name: "Tom O'Neill",
        tier: 'plus',
      });
      expect(desk.findCustomerByEmail('nobody@mail.example')).toBeNull();
      expect(desk.findCustomerByEmail('not an address')).toBeNull();
      desk.close();
    });

    it('finds an order quoted in an email, with its shipment', () => {
      const desk = openSqliteSupportDesk(':memory:');
      const [number] = extractOrderNumbers('Where is my order #A10482?');
      expect(desk.findOrder(number)).toEqual({
        number: 'A10482',
        customerId: 'C-1002',
        items: [{ sku: 'KT-AQUA-17', name: 'Aqua kettle 1.7 l', quantity: 1, unitPrice: 49.9 }],
        total: 49.9,
        currency: 'EUR',
        status: 'shipped',
        placedAt: '2026-11-10T17:05:00Z',
        shipments: [
          {
            carrier: 'DHL',
            trackingNumber: 'JD0146000012345',
            status: 'in-transit',
            estimatedDelivery: '2026-11-27',
            updatedAt: '2026-11-20T06:12:00Z',
          },
        ],
      });
      expect(desk.findOrder('#ab1207')?.total).toBe(338);
      expect(desk.findOrder('ZZ9999')).toBeNull();
      desk.close();
    });

    it("lists a customer's orders newest first, and withholds other customers' orders", () => {
      const desk = openSqliteSupportDesk(':memory:');
      expect(desk.ordersForCustomer('C-1002').map((o) => [o.number, o.status])).toEqual([
        ['AB2301', 'processing'],
        ['A10482', 'shipped'],
        ['AB2210', 'delivered'],
      ]);
      expect(desk.findOrderForCustomer('A10482', 'Emma.Jones@mail.example')?.number).toBe('A10482');
      expect(desk.findOrderForCustomer('A10482', 'tom.oneill@customer.example')).toBeNull();
      expect(desk.findOrderForCustomer('A10482', 'stranger@mail.example')).toBeNull();
      desk.close();
    });

    it('has every order of the sample support emails, and orders and shipments in every state', () => {
      const desk = openSqliteSupportDesk(':memory:');
      const samples: [string, string][] = [
        ['tom.oneill@customer.example', 'I ordered a standing desk (order #10442) on 20 June'],
        ['k.schulz@web.example', 'ich habe am 10.11. die Bestellung 88231 aufgegeben'],
        ['p.hall@mail.example', 'the running shoes I received (order #B20931) are too small'],
        ['a.fischer@gmx.example', 'der Wasserkocher aus meiner Bestellung 77342 kam beschädigt an'],
        ['j.moreau@orange.example', "J'ai retourné le casque (commande 66012)"],
        ['ida@mail.example', 'I paid for order 99120 on Monday'],
        ['mia.s@mail.example', 'your shipping confirmation for order 10772 gives me a 404'],
        ['jens.b@web.example', 'die Jacke aus Bestellung 20455 ist leider zu groß'],
      ];
      for (const [email, text] of samples) {
        const [number] = extractOrderNumbers(text);
        expect(desk.findOrderForCustomer(number, email)?.number).toBe(number);
      }
      const orders = SEED_CUSTOMERS.flatMap((c) => desk.ordersForCustomer(c.id));
      expect(orders).toHaveLength(SEED_ORDERS.length);
      expect(new Set(orders.map((o) => o.status))).toEqual(
        new Set(['processing', 'shipped', 'delivered', 'cancelled', 'returned', 'refunded']),
      );
      expect(new Set(orders.flatMap((o) => o.shipments.map((s) => s.status)))).toEqual(
        new Set(['label-created', 'in-transit', 'out-for-delivery', 'delivered', 'exception', 'returned']),
      );
      desk.close();
    });

    it('seeds idempotently: reopening a file, or two handles at once, keep one copy', () => {
      const file = join(dir, 'desk.sqlite');
      const a = openSqliteSupportDesk(file);
      const b = openSqliteSupportDesk(file);
      a.close();
      b.close();
      const c = openSqliteSupportDesk(file);
      expect(c.ordersForCustomer('C-1006').map((o) => o.number)).toEqual(['66012', 'AB3005']);
      expect(c.findOrder('66012')?.shipments.map((s) => s.status)).toEqual(['delivered', 'returned']);
      c.close();
    });

    it('can start empty', () => {
      const desk = openSqliteSupportDesk(':memory:', { seed: false });
      expect(desk.findCustomerByEmail('emma.jones@mail.example')).toBeNull();
      desk.close();
    });
  });

  describe('tickets', () => {
    let clock = 0;
    const now = () => new Date(Date.UTC(2026, 10, 25, 10, 0, clock++));
    const input = {
      threadId: '<CAK7u2x9Lq3@mail.customer.example>',
      customerEmail: 'Tom.ONeill@customer.example',
      subject: 'Where is my order #10442?',
      reason: 'complaint with negative sentiment needs a human',
      priority: 'high' as const,
    };

    it('creates one ticket per thread, however often it is asked', () => {
      const file = join(dir, 'desk.sqlite');
      const desk = openSqliteSupportDesk(file, { now });
      const first = desk.createTicket(input);
      expect(first).toMatchObject({
        id: 'T-000001',
        threadId: input.threadId,
        customerEmail: 'tom.oneill@customer.example',
        priority: 'high',
        status: 'open',
        assignee: null,
        closedAt: null,
      });
      expect(desk.createTicket({ ...input, reason: 'a retry with other words' })).toEqual(first);
      // A second handle (another worker) sees the same ticket.
      const other = openSqliteSupportDesk(file, { now });
      expect(other.createTicket(input)).toEqual(first);
      expect(other.createTicket({ ...input, threadId: '<other@x>' }).id).toBe('T-000002');
      other.close();
      expect(desk.ticketForThread(input.threadId)).toEqual(first);
      expect(desk.getTicket('T-000002')?.threadId).toBe('<other@x>');
      desk.close();
    });

    it('assigns and closes idempotently', () => {
      const desk = openSqliteSupportDesk(':memory:', { now });
      const { id } = desk.createTicket(input);
      const assigned = desk.assignTicket(id, 'Ana <ANA@shop.example>');
      expect(assigned).toMatchObject({ status: 'assigned', assignee: 'ana@shop.example' });
      expect(desk.assignTicket(id, 'ana@shop.example')).toEqual(assigned);
      expect(desk.assignTicket(id, 'ben@shop.example').assignee).toBe('ben@shop.example');

      const closed = desk.closeTicket(id, 'answered by phone');
      expect(closed).toMatchObject({ status: 'closed', resolution: 'answered by phone', assignee: 'ben@shop.example' });
      expect(closed.closedAt).not.toBeNull();
      expect(desk.closeTicket(id, 'again')).toEqual(closed);
      expect(() => desk.assignTicket(id, 'ana@shop.example')).toThrow(TicketClosedError);

      const reopened = desk.reopenTicket(id);
      expect(reopened).toMatchObject({ id, status: 'assigned', assignee: 'ben@shop.example', resolution: null, closedAt: null });
      expect(desk.reopenTicket(id)).toEqual(reopened);
      expect(desk.assignTicket(id, 'ana@shop.example').assignee).toBe('ana@shop.example');
      desk.close();
    });

    it('rejects unknown ticket ids', () => {
      const desk = openSqliteSupportDesk(':memory:');
      expect(desk.getTicket('T-000099')).toBeNull();
      expect(desk.getTicket('42')).toBeNull();
      expect(() => desk.assignTicket('T-000099', 'ana@shop.example')).toThrow(TicketNotFoundError);
      expect(() => desk.closeTicket('nope')).toThrow(TicketNotFoundError);
      expect(() => desk.reopenTicket('T-000099')).toThrow(TicketNotFoundError);
      desk.close();
    });
  });
});
