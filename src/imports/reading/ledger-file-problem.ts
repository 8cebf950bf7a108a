/** Why an uploaded file is not read as a ledger (ledger-file.ts decides; the catalogue says it). */
export type LedgerFileProblem =
  | 'empty'
  | 'too_large'
  | 'xls'
  | 'encrypted'
  | 'macro'
  | 'not_a_workbook'
  | 'unpacks_too_large'
  | 'not_a_spreadsheet'
  | 'unreadable'
  | 'too_many_rows'
  | 'no_worksheet';
