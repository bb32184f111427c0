import type { BankDetails } from '../schema';
import { bankDetailsSchema } from '../schema';
import { isValidIban } from '../bank-details';
import { InvalidInvoiceDataError, parseInvoiceData } from './errors';
import type { SqlRunner } from './sql-runner';

/** A supplier's bank account as a person confirmed it. */
export interface ConfirmedBankAccount {
  supplierId: string;
  bankDetails: BankDetails;
  /** Who confirmed it (an address), and when (ISO date-time). */
  confirmedBy: string;
  confirmedAt: string;
}

/**
 * The bank accounts the company pays suppliers to, each confirmed by a person (out of band, not
 * from an invoice). Payments go only to a confirmed account; an invoice naming another is flagged.
 */
export interface SupplierBankAccountStore {
  get(supplierId: string): Promise<ConfirmedBankAccount | undefined>;
  /** Confirms (or replaces) the supplier's account. An IBAN whose check digits are wrong is refused. */
  confirm(supplierId: string, bankDetails: BankDetails, confirmedBy: string): Promise<ConfirmedBankAccount>;
}

interface AccountRow {
  supplier_id: string;
  bank_details: string;
  confirmed_by: string;
  confirmed_at: string;
}

const accountOf = (row: AccountRow): ConfirmedBankAccount => ({
  supplierId: row.supplier_id,
  bankDetails: JSON.parse(row.bank_details) as BankDetails,
  confirmedBy: row.confirmed_by,
  confirmedAt: row.confirmed_at,
});

const supplierKey = (supplierId: string) => {
  const id = supplierId?.trim().toLowerCase();
  if (!id || id.length > 100) throw new InvalidInvoiceDataError('supplier bank account', [{ path: 'supplierId', message: 'must be 1 to 100 characters' }]);
  return id;
};

export function createSupplierBankAccountStore(sql: SqlRunner, now: () => Date): SupplierBankAccountStore {
  return {
    async get(supplierId) {
      const [row] = await sql.rows<AccountRow>('SELECT * FROM supplier_bank_accounts WHERE supplier_id = $1', [supplierKey(supplierId)]);
      return row ? accountOf(row) : undefined;
    },
    async confirm(supplierId, input, confirmedBy) {
      const id = supplierKey(supplierId);
      const bankDetails = parseInvoiceData('confirmSupplierBankDetails', bankDetailsSchema, input);
      if (!isValidIban(bankDetails.iban)) {
        throw new InvalidInvoiceDataError('confirmSupplierBankDetails', [{ path: 'bankDetails.iban', message: 'check digits are wrong (mod 97)' }]);
      }
      const by = confirmedBy?.trim();
      if (!by || by.length > 320)
        throw new InvalidInvoiceDataError('confirmSupplierBankDetails', [{ path: 'confirmedBy', message: 'must name who confirmed' }]);
      const [row] = await sql.rows<AccountRow>(
        `INSERT INTO supplier_bank_accounts (supplier_id, bank_details, confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (supplier_id) DO UPDATE SET bank_details = excluded.bank_details, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at
         RETURNING *`,
        [id, JSON.stringify(bankDetails), by, now().toISOString()],
      );
      if (!row) throw new Error('supplier_bank_accounts: the upsert returned no row');
      return accountOf(row);
    },
  };
}
