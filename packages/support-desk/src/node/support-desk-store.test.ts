import { join } from 'node:path';
import type { AsyncCompatible } from '@org/orchestrator-postgres';
import { migratePostgres } from '@org/orchestrator-postgres';
import { DATABASE_KINDS, tempDirPerTest, testDatabases } from '@org/orchestrator-testing';
import { extractOrderNumbers } from '../orders';
import { openPostgresSupportDesk, seedPostgresSupportDesk } from './postgres-support-desk';
import { SEED_CUSTOMERS, SEED_ORDERS } from './seed';
import { SUPPORT_DESK_SCHEMA } from './support-desk-schema';
import type { SupportDesk, SupportDeskOptions } from './support-desk-store';
import { openSqliteSupportDesk, TicketClosedError, TicketNotFoundError } from './support-desk-store';

describe.each(DATABASE_KINDS)('support desk on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);
  const dir = tempDirPerTest('support-desk-');

  /** A new database, as a worker finds it: PostgreSQL migrated and seeded by the commands, SQLite on open. */
  const fresh = async (name: string, { seed = true } = {}): Promise<string> => {
    if (kind === 'sqlite') return join(dir(), `${name}.sqlite`);
    const url = await databases.fresh(name);
    await migratePostgres(url, [SUPPORT_DESK_SCHEMA]);
    if (seed) await seedPostgresSupportDesk(url);
    return url;
  };
  const openDesk = (location: string, options: SupportDeskOptions = {}): AsyncCompatible<SupportDesk> =>
    kind === 'sqlite' ? openSqliteSupportDesk(location, options) : openPostgresSupportDesk(location, options);
  const open = async (options: SupportDeskOptions = {}) => openDesk(await fresh('desk', options), options);

  describe('seeded lookups', () => {
    it('finds the customer of a sample email, case-insensitively and by display form', async () => {
      const desk = await open();
      expect(await desk.findCustomerByEmail('"Tom O\'Neill" <Tom.ONeill@customer.example>')).toEqual({
        id: 'C-1001',
        email: 'tom.oneill@customer.example',
        name: "Tom O'Neill",
        tier: 'plus',
      });
      expect(await desk.findCustomerByEmail('nobody@mail.example')).toBeNull();
      expect(await desk.findCustomerByEmail('not an address')).toBeNull();
      await desk.close();
    });

    it('finds an order quoted in an email, with its shipment', async () => {
      const desk = await open();
      const [number] = extractOrderNumbers('Where is my order #A10482?');
      expect(await desk.findOrder(number)).toEqual({
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
      expect((await desk.findOrder('#ab1207'))?.total).toBe(338);
      expect(await desk.findOrder('ZZ9999')).toBeNull();
      await desk.close();
    });

    it("lists a customer's orders newest first, and withholds other customers' orders", async () => {
      const desk = await open();
      expect((await desk.ordersForCustomer('C-1002')).map((o) => [o.number, o.status])).toEqual([
        ['AB2301', 'processing'],
        ['A10482', 'shipped'],
        ['AB2210', 'delivered'],
      ]);
      expect((await desk.findOrderForCustomer('A10482', 'Emma.Jones@mail.example'))?.number).toBe('A10482');
      expect(await desk.findOrderForCustomer('A10482', 'tom.oneill@customer.example')).toBeNull();
      expect(await desk.findOrderForCustomer('A10482', 'stranger@mail.example')).toBeNull();
      await desk.close();
    });

    it('has every order of the sample support emails, and orders and shipments in every state', async () => {
      const desk = await open();
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
        expect((await desk.findOrderForCustomer(number, email))?.number).toBe(number);
      }
      const orders = (await Promise.all(SEED_CUSTOMERS.map((c) => desk.ordersForCustomer(c.id)))).flat();
      expect(orders).toHaveLength(SEED_ORDERS.length);
      expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['processing', 'shipped', 'delivered', 'cancelled', 'returned', 'refunded']));
      expect(new Set(orders.flatMap((o) => o.shipments.map((s) => s.status)))).toEqual(
        new Set(['label-created', 'in-transit', 'out-for-delivery', 'delivered', 'exception', 'returned']),
      );
      await desk.close();
    });

    it('seeds idempotently: reopening a file, or two handles at once, keep one copy', async () => {
      const file = await fresh('shared');
      const a = openDesk(file);
      const b = openDesk(file);
      await a.close();
      await b.close();
      const c = openDesk(file);
      expect((await c.ordersForCustomer('C-1006')).map((o) => o.number)).toEqual(['66012', 'AB3005']);
      expect((await c.findOrder('66012'))?.shipments.map((s) => s.status)).toEqual(['delivered', 'returned']);
      await c.close();
    });

    it('can start empty', async () => {
      const desk = await open({ seed: false });
      expect(await desk.findCustomerByEmail('emma.jones@mail.example')).toBeNull();
      await desk.close();
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

    it('creates one ticket per thread, however often it is asked', async () => {
      const file = await fresh('shared');
      const desk = openDesk(file, { now });
      const first = await desk.createTicket(input);
      expect(first).toMatchObject({
        id: 'T-000001',
        threadId: input.threadId,
        customerEmail: 'tom.oneill@customer.example',
        priority: 'high',
        status: 'open',
        assignee: null,
        closedAt: null,
      });
      expect(await desk.createTicket({ ...input, reason: 'a retry with other words' })).toEqual(first);
      // A second handle (another worker) sees the same ticket.
      const other = openDesk(file, { now });
      expect(await other.createTicket(input)).toEqual(first);
      expect((await other.createTicket({ ...input, threadId: '<other@x>' })).id).toBe('T-000002');
      await other.close();
      expect(await desk.ticketForThread(input.threadId)).toEqual(first);
      expect((await desk.getTicket('T-000002'))?.threadId).toBe('<other@x>');
      await desk.close();
    });

    it('numbers tickets uniquely while workers race for the same threads', async () => {
      const file = await fresh('race');
      const desks = [openDesk(file, { now }), openDesk(file, { now }), openDesk(file, { now })];
      const threads = Array.from({ length: 20 }, (_, i) => `<race-${i}@x>`);
      const tickets = await Promise.all(threads.flatMap((threadId) => desks.map(async (d) => d.createTicket({ ...input, threadId }))));
      const byThread = new Map<string, Set<string>>();
      for (const t of tickets) byThread.set(t.threadId, (byThread.get(t.threadId) ?? new Set()).add(t.id));
      expect([...byThread.values()].every((ids) => ids.size === 1)).toBe(true);
      expect(new Set(tickets.map((t) => t.id)).size).toBe(threads.length);
      if (kind === 'postgres') {
        // Seeding again, from two hosts at once, adds nothing.
        await expect(Promise.all([seedPostgresSupportDesk(file), seedPostgresSupportDesk(file)])).resolves.toEqual([
          { customers: 0, orders: 0 },
          { customers: 0, orders: 0 },
        ]);
      }
      for (const d of desks) await d.close();
    });

    it('assigns and closes idempotently', async () => {
      const desk = await open({ now });
      const { id } = await desk.createTicket(input);
      const assigned = await desk.assignTicket(id, 'Ana <ANA@shop.example>');
      expect(assigned).toMatchObject({ status: 'assigned', assignee: 'ana@shop.example' });
      expect(await desk.assignTicket(id, 'ana@shop.example')).toEqual(assigned);
      expect((await desk.assignTicket(id, 'ben@shop.example')).assignee).toBe('ben@shop.example');

      const closed = await desk.closeTicket(id, 'answered by phone');
      expect(closed).toMatchObject({ status: 'closed', resolution: 'answered by phone', assignee: 'ben@shop.example' });
      expect(closed.closedAt).not.toBeNull();
      expect(await desk.closeTicket(id, 'again')).toEqual(closed);
      await expect(Promise.resolve().then(() => desk.assignTicket(id, 'ana@shop.example'))).rejects.toThrow(TicketClosedError);

      const reopened = await desk.reopenTicket(id);
      expect(reopened).toMatchObject({ id, status: 'assigned', assignee: 'ben@shop.example', resolution: null, closedAt: null });
      expect(await desk.reopenTicket(id)).toEqual(reopened);
      expect((await desk.assignTicket(id, 'ana@shop.example')).assignee).toBe('ana@shop.example');
      await desk.close();
    });

    it('rejects unknown ticket ids', async () => {
      const desk = await open();
      expect(await desk.getTicket('T-000099')).toBeNull();
      expect(await desk.getTicket('42')).toBeNull();
      await expect(Promise.resolve().then(() => desk.assignTicket('T-000099', 'ana@shop.example'))).rejects.toThrow(TicketNotFoundError);
      await expect(Promise.resolve().then(() => desk.closeTicket('nope'))).rejects.toThrow(TicketNotFoundError);
      await expect(Promise.resolve().then(() => desk.reopenTicket('T-000099'))).rejects.toThrow(TicketNotFoundError);
      await desk.close();
    });
  });
});
