import { unzipSync } from 'fflate';
import type { LedgerFileProblem } from './ledger-file-problem.js';

/**
 * What kind of file an uploaded ledger is, judged by its bytes (a name can lie), and the files
 * refused before any of it is read: old .xls, encrypted or macro workbooks, other zip files,
 * zip bombs, anything that is not a spreadsheet. Pure (no Nest): the import service turns a
 * refusal into its HTTP answer.
 */

export interface LedgerLimits {
  maxBytes: number;
  maxUnpackedBytes: number;
  maxRows: number;
}

export const LEDGER_LIMITS: LedgerLimits = {
  /** The upload itself. */
  maxBytes: 20 * 1024 * 1024,
  /** What an .xlsx may unpack to: a real 200,000-row ledger unpacks to well under 200 MB. */
  maxUnpackedBytes: 200 * 1024 * 1024,
  /** Data rows read from one file. */
  maxRows: 200_000,
};

export type LedgerFormat = 'xlsx' | 'csv';

export type { LedgerFileProblem } from './ledger-file-problem.js';

/** A file the import will not read, and why (a catalogue reason: ledger_file_refused). */
export class LedgerFileRefusal extends Error {
  constructor(
    readonly problem: LedgerFileProblem,
    options?: { cause?: unknown },
  ) {
    super(`The ledger file is refused: ${problem}`, options);
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The Compound File header of .xls, .doc and of encrypted .xlsx (Office wraps those in one). */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Formats people upload by mistake: PDF, PNG, JPEG, GIF, RAR, 7z, gzip. */
const NOT_SPREADSHEETS = [
  [0x25, 0x50, 0x44, 0x46],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
  [0x52, 0x61, 0x72, 0x21],
  [0x37, 0x7a, 0xbc, 0xaf],
  [0x1f, 0x8b],
];

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** The file's format, or the refusal. `fileName` only tells an encrypted .xlsx from an .xls. */
export function inspectLedgerFile(bytes: Uint8Array, fileName: string, limits: LedgerLimits = LEDGER_LIMITS): LedgerFormat {
  if (bytes.length === 0) throw new LedgerFileRefusal('empty');
  if (bytes.length > limits.maxBytes) throw new LedgerFileRefusal('too_large');
  if (startsWith(bytes, OLE)) throw new LedgerFileRefusal(/\.xls[xm]$/i.test(fileName) ? 'encrypted' : 'xls');
  if (startsWith(bytes, ZIP)) {
    inspectWorkbookPackage(bytes, limits);
    return 'xlsx';
  }
  if (NOT_SPREADSHEETS.some((signature) => startsWith(bytes, signature))) throw new LedgerFileRefusal('not_a_spreadsheet');
  // Text: a NUL byte in the first 8 KB means a binary file of some other kind (UTF-16 text included, which Excel does not save as CSV by default).
  if (bytes.subarray(0, 8192).includes(0)) throw new LedgerFileRefusal('not_a_spreadsheet');
  return 'csv';
}

/**
 * A zip must be an Office Open XML workbook without macros, and must not unpack to more than
 * the limit: the sizes come from the zip's directory, before anything is decompressed.
 */
function inspectWorkbookPackage(bytes: Uint8Array, limits: LedgerLimits): void {
  const names: string[] = [];
  let unpacked = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        unpacked += file.originalSize;
        return false; // Nothing is decompressed here.
      },
    });
  } catch (error) {
    throw new LedgerFileRefusal('unreadable', { cause: error });
  }
  if (unpacked > limits.maxUnpackedBytes) throw new LedgerFileRefusal('unpacks_too_large');
  if (names.some((name) => /(^|\/)vbaProject\.bin$/i.test(name))) throw new LedgerFileRefusal('macro');
  if (!names.includes('xl/workbook.xml') || !names.includes('[Content_Types].xml')) throw new LedgerFileRefusal('not_a_workbook');
}
