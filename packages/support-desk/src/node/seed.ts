import type { Customer, OrderItem, OrderStatus, ShipmentStatus } from '../types';

/** A seeded order: money in the order's currency, shipments oldest first. */
export interface SeedOrder {
  number: string;
  customerId: string;
  items: OrderItem[];
  currency: string;
  status: OrderStatus;
  placedAt: string;
  shipments: {
    carrier: string;
    trackingNumber: string;
    status: ShipmentStatus;
    estimatedDelivery: string | null;
    updatedAt: string;
  }[];
}

/**
 * Sample customers. The addresses are those of the repository's sample emails
 * (`apps/starter/samples`, the agents' support fixtures), so demo threads find their facts.
 */
export const SEED_CUSTOMERS: readonly Customer[] = [
  { id: 'C-1001', email: 'tom.oneill@customer.example', name: "Tom O'Neill", tier: 'plus' },
  { id: 'C-1002', email: 'emma.jones@mail.example', name: 'Emma Jones', tier: 'standard' },
  { id: 'C-1003', email: 'k.schulz@web.example', name: 'Klaus Schulz', tier: 'standard' },
  { id: 'C-1004', email: 'p.hall@mail.example', name: 'Peter Hall', tier: 'standard' },
  { id: 'C-1005', email: 'a.fischer@gmx.example', name: 'Anna Fischer', tier: 'plus' },
  { id: 'C-1006', email: 'j.moreau@orange.example', name: 'Julien Moreau', tier: 'standard' },
  { id: 'C-1007', email: 'ida@mail.example', name: 'Ida Berg', tier: 'standard' },
  { id: 'C-1008', email: 'mia.s@mail.example', name: 'Mia Sommer', tier: 'standard' },
  { id: 'C-1009', email: 'jens.b@web.example', name: 'Jens Bauer', tier: 'standard' },
  { id: 'C-1010', email: 'g.brown@mail.example', name: 'George Brown', tier: 'vip' },
  { id: 'C-1011', email: 'n.white@mail.example', name: 'Nina White', tier: 'plus' },
  { id: 'C-1012', email: 'lucia.garcia@correo.example', name: 'Lucía García', tier: 'standard' },
  { id: 'C-1013', email: 'o.lee@mail.example', name: 'Oliver Lee', tier: 'standard' },
];

const item = (sku: string, name: string, unitPrice: number, quantity = 1): OrderItem => ({ sku, name, quantity, unitPrice });

/** Sample orders in every state; numbers match the sample emails where those quote one. */
export const SEED_ORDERS: readonly SeedOrder[] = [
  {
    number: '10442',
    customerId: 'C-1001',
    items: [item('DSK-STAND-160', 'Standing desk 160 x 80 cm', 549)],
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2025-06-20T09:14:00Z',
    shipments: [
      { carrier: 'DB Schenker', trackingNumber: 'SCH4410442001', status: 'label-created', estimatedDelivery: '2025-07-09', updatedAt: '2025-06-23T07:30:00Z' },
    ],
  },
  {
    number: 'AB1207',
    customerId: 'C-1001',
    items: [item('CHR-ERGO-BLK', 'Ergonomic office chair, black', 289), item('MAT-DESK-90', 'Desk mat 90 cm', 24.5, 2)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2025-03-02T18:40:00Z',
    shipments: [{ carrier: 'DHL', trackingNumber: 'JD0146000011207', status: 'delivered', estimatedDelivery: '2025-03-06', updatedAt: '2025-03-06T11:02:00Z' }],
  },
  {
    number: 'A10482',
    customerId: 'C-1002',
    items: [item('KT-AQUA-17', 'Aqua kettle 1.7 l', 49.9)],
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2026-11-10T17:05:00Z',
    shipments: [
      { carrier: 'DHL', trackingNumber: 'JD0146000012345', status: 'in-transit', estimatedDelivery: '2026-11-27', updatedAt: '2026-11-20T06:12:00Z' },
    ],
  },
  {
    number: 'AB2210',
    customerId: 'C-1002',
    items: [item('TEA-GLS-1L', 'Glass teapot 1 l', 34.9), item('TEA-CUP-2', 'Double-wall cups, set of 2', 19.9)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2026-09-14T10:20:00Z',
    shipments: [
      { carrier: 'Hermes', trackingNumber: 'H1002122100042', status: 'delivered', estimatedDelivery: '2026-09-17', updatedAt: '2026-09-17T15:40:00Z' },
    ],
  },
  {
    number: 'AB2301',
    customerId: 'C-1002',
    items: [item('NOVA-HP-BLK', 'Nova headphones, black', 129)],
    currency: 'EUR',
    status: 'processing',
    placedAt: '2026-11-24T21:48:00Z',
    shipments: [],
  },
  {
    number: '88231',
    customerId: 'C-1003',
    items: [item('BLD-PRO-900', 'Pro blender 900 W', 89), item('BLD-JAR-2L', 'Spare blender jar 2 l', 24)],
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2026-11-10T08:30:00Z',
    shipments: [{ carrier: 'DPD', trackingNumber: '01234567890123', status: 'in-transit', estimatedDelivery: '2026-11-24', updatedAt: '2026-11-19T22:10:00Z' }],
  },
  {
    number: 'B20931',
    customerId: 'C-1004',
    items: [item('SHOE-RUN-43', 'Trail running shoes, size 43', 119.95)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2026-11-08T12:00:00Z',
    shipments: [{ carrier: 'DHL', trackingNumber: 'JD0146000020931', status: 'delivered', estimatedDelivery: '2026-11-12', updatedAt: '2026-11-12T10:45:00Z' }],
  },
  {
    number: 'AB2874',
    customerId: 'C-1004',
    items: [item('SOCK-RUN-3', 'Running socks, 3 pairs', 17.5)],
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2026-11-21T07:55:00Z',
    shipments: [
      { carrier: 'GLS', trackingNumber: 'GLS55028740', status: 'out-for-delivery', estimatedDelivery: '2026-11-25', updatedAt: '2026-11-25T06:05:00Z' },
    ],
  },
  {
    number: '77342',
    customerId: 'C-1005',
    items: [item('KT-AQUA-17', 'Aqua kettle 1.7 l', 49.9)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2026-11-15T14:22:00Z',
    shipments: [
      { carrier: 'Hermes', trackingNumber: 'H1005773420017', status: 'delivered', estimatedDelivery: '2026-11-19', updatedAt: '2026-11-19T13:31:00Z' },
    ],
  },
  {
    number: '66012',
    customerId: 'C-1006',
    items: [item('NOVA-HP-WHT', 'Nova headphones, white', 129)],
    currency: 'EUR',
    status: 'returned',
    placedAt: '2026-10-28T19:03:00Z',
    shipments: [
      { carrier: 'Colissimo', trackingNumber: '6A12345660120', status: 'delivered', estimatedDelivery: '2026-11-01', updatedAt: '2026-11-01T09:50:00Z' },
      { carrier: 'Colissimo', trackingNumber: '6A12345660121', status: 'returned', estimatedDelivery: null, updatedAt: '2026-11-12T16:20:00Z' },
    ],
  },
  {
    number: 'AB3005',
    customerId: 'C-1006',
    items: [item('CBL-USBC-2M', 'USB-C cable 2 m', 12.9, 2)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2026-10-02T11:11:00Z',
    shipments: [
      { carrier: 'Colissimo', trackingNumber: '6A12345630050', status: 'delivered', estimatedDelivery: '2026-10-06', updatedAt: '2026-10-06T10:00:00Z' },
    ],
  },
  {
    number: '99120',
    customerId: 'C-1007',
    items: [item('LMP-DESK-LED', 'LED desk lamp', 59)],
    currency: 'EUR',
    status: 'processing',
    placedAt: '2026-11-23T10:15:00Z',
    shipments: [],
  },
  {
    number: '10772',
    customerId: 'C-1008',
    items: [item('BAG-TRAVEL-40', 'Travel backpack 40 l', 99)],
    currency: 'EUR',
    status: 'shipped',
    placedAt: '2026-11-18T16:40:00Z',
    shipments: [
      { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', status: 'in-transit', estimatedDelivery: '2026-11-28', updatedAt: '2026-11-26T03:12:00Z' },
    ],
  },
  {
    number: '20455',
    customerId: 'C-1009',
    items: [item('JKT-RAIN-L', 'Rain jacket, size L', 139)],
    currency: 'EUR',
    status: 'delivered',
    placedAt: '2026-11-12T09:09:00Z',
    shipments: [{ carrier: 'DHL', trackingNumber: 'JD0146000020455', status: 'delivered', estimatedDelivery: '2026-11-15', updatedAt: '2026-11-15T12:30:00Z' }],
  },
  {
    number: 'AB3391',
    customerId: 'C-1010',
    items: [item('BLD-PRO-900', 'Pro blender 900 W', 89)],
    currency: 'GBP',
    status: 'delivered',
    placedAt: '2026-10-20T13:00:00Z',
    shipments: [
      { carrier: 'Royal Mail', trackingNumber: 'RM123456789GB', status: 'delivered', estimatedDelivery: '2026-10-23', updatedAt: '2026-10-23T14:14:00Z' },
    ],
  },
  {
    number: 'AB3502',
    customerId: 'C-1010',
    items: [item('BLD-PRO-900', 'Pro blender 900 W (warranty replacement)', 0)],
    currency: 'GBP',
    status: 'shipped',
    placedAt: '2026-11-06T10:30:00Z',
    shipments: [{ carrier: 'Royal Mail', trackingNumber: 'RM987654321GB', status: 'exception', estimatedDelivery: null, updatedAt: '2026-11-13T08:00:00Z' }],
  },
  {
    number: 'AB4410',
    customerId: 'C-1011',
    items: [item('TEA-GLS-1L', 'Glass teapot 1 l', 34.9)],
    currency: 'GBP',
    status: 'refunded',
    placedAt: '2026-10-30T08:45:00Z',
    shipments: [{ carrier: 'Evri', trackingNumber: 'H00AB44100001', status: 'delivered', estimatedDelivery: '2026-11-03', updatedAt: '2026-11-03T17:05:00Z' }],
  },
  {
    number: 'AB4522',
    customerId: 'C-1011',
    items: [item('TEA-GLS-1L', 'Glass teapot 1 l', 34.9)],
    currency: 'GBP',
    status: 'delivered',
    placedAt: '2026-11-16T19:30:00Z',
    shipments: [{ carrier: 'Evri', trackingNumber: 'H00AB45220001', status: 'delivered', estimatedDelivery: '2026-11-21', updatedAt: '2026-11-21T12:50:00Z' }],
  },
  {
    number: 'AB6001',
    customerId: 'C-1012',
    items: [item('MUG-CER-4', 'Ceramic mugs, set of 4', 29.9)],
    currency: 'EUR',
    status: 'cancelled',
    placedAt: '2026-11-02T20:20:00Z',
    shipments: [],
  },
  {
    number: 'AB7002',
    customerId: 'C-1013',
    items: [item('NOVA-HP-BLK', 'Nova headphones, black', 129), item('NOVA-CASE', 'Nova travel case', 19)],
    currency: 'USD',
    status: 'shipped',
    placedAt: '2026-11-19T15:15:00Z',
    shipments: [{ carrier: 'FedEx', trackingNumber: '794612345678', status: 'in-transit', estimatedDelivery: '2026-11-26', updatedAt: '2026-11-24T19:40:00Z' }],
  },
];
