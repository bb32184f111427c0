import type { Supplier } from '../types';

/** A supplier category: `keywords` (lowercase; several words must all appear) match requested items. */
export interface SupplierCategory {
  id: string;
  name: string;
  keywords: string[];
}

/** Sample categories seeded into a new directory. */
export const SAMPLE_CATEGORIES: readonly SupplierCategory[] = [
  {
    id: 'laptops',
    name: 'Laptops and computers',
    keywords: ['laptop', 'notebook', 'computer', 'desktop', 'macbook', 'thinkpad', 'latitude', 'pc', 'workstation'],
  },
  { id: 'monitors', name: 'Monitors and displays', keywords: ['monitor', 'display', 'screen'] },
  { id: 'peripherals', name: 'Keyboards, mice and docks', keywords: ['keyboard', 'mouse', 'mice', 'docking station', 'dock', 'headset', 'webcam'] },
  { id: 'office-furniture', name: 'Office chairs and furniture', keywords: ['chair', 'desk', 'table', 'furniture', 'cabinet', 'shelf', 'shelving'] },
  { id: 'stationery', name: 'Printer paper and stationery', keywords: ['paper', 'stationery', 'pen', 'envelope', 'folder', 'stapler', 'toner', 'ink'] },
  { id: 'software-licences', name: 'Software licences', keywords: ['licence', 'license', 'software', 'subscription', 'seat'] },
  { id: 'printers', name: 'Printers and scanners', keywords: ['printer', 'scanner', 'copier'] },
  { id: 'networking', name: 'Networking equipment', keywords: ['router', 'switch', 'access point', 'firewall', 'cable', 'network'] },
];

/** Sample suppliers seeded into a new directory (`*.example` addresses never deliver). */
export const SAMPLE_SUPPLIERS: readonly Supplier[] = [
  {
    id: 'northwind-it',
    name: 'Northwind IT Supplies',
    email: 'sales@northwind-it.example',
    categories: ['laptops', 'monitors', 'peripherals'],
    currency: 'EUR',
    leadTimeDays: 7,
    rating: 4.5,
  },
  {
    id: 'contoso-computing',
    name: 'Contoso Computing GmbH',
    email: 'quotes@contoso-computing.example',
    categories: ['laptops', 'monitors', 'printers', 'networking'],
    currency: 'EUR',
    leadTimeDays: 10,
    rating: 4.2,
  },
  {
    id: 'fabrikam-displays',
    name: 'Fabrikam Displays',
    email: 'orders@fabrikam-displays.example',
    categories: ['monitors'],
    currency: 'EUR',
    leadTimeDays: 5,
    rating: 4.0,
  },
  {
    id: 'ergoseat-office',
    name: 'ErgoSeat Office Furniture',
    email: 'sales@ergoseat.example',
    categories: ['office-furniture'],
    currency: 'EUR',
    leadTimeDays: 21,
    rating: 4.6,
  },
  {
    id: 'adatum-furnishings',
    name: 'Adatum Furnishings Ltd',
    email: 'rfq@adatum-furnishings.example',
    categories: ['office-furniture'],
    currency: 'GBP',
    leadTimeDays: 28,
    rating: 3.9,
  },
  {
    id: 'paperpoint',
    name: 'PaperPoint Office Supplies',
    email: 'orders@paperpoint.example',
    categories: ['stationery', 'printers'],
    currency: 'EUR',
    leadTimeDays: 2,
    rating: 4.3,
  },
  {
    id: 'litware-licensing',
    name: 'Litware Licensing Services',
    email: 'licensing@litware.example',
    categories: ['software-licences'],
    currency: 'EUR',
    leadTimeDays: 1,
    rating: 4.4,
  },
  {
    id: 'tailspin-networks',
    name: 'Tailspin Networks Inc',
    email: 'sales@tailspin-networks.example',
    categories: ['networking', 'peripherals'],
    currency: 'USD',
    leadTimeDays: 14,
    rating: 4.1,
  },
];
