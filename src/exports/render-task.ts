import { lazyModule } from '../common/lazy-module.js';
import type { LedgerWorkbook } from '../households/ledger-export-xlsx.js';
import type { PeriodReport } from '../reports/period/period-report.types.js';
import { drawableStrings } from './drawable-strings.js';
import type { AcceptanceForm } from './acceptance-form.types.js';
import type { HouseholdRecord } from './household-record.types.js';
import type { FileFormat } from './period-report-export.js';

/** The period report's formats that take real CPU time to draw; JSON, CSV and the text are made in place. */
export type RenderedFormat = Exclude<FileFormat, 'csv' | 'text'>;

/**
 * One file to draw, as plain data: it crosses to a worker thread by structured clone, so it holds
 * only strings, numbers, booleans, null, arrays, plain objects and Dates (no class instances).
 */
export type RenderTask =
  | { kind: 'period-report'; format: RenderedFormat; report: PeriodReport }
  | { kind: 'household-record'; record: HouseholdRecord }
  | { kind: 'acceptance-form'; form: AcceptanceForm }
  | { kind: 'household-ledger'; ledger: LedgerWorkbook };

// The renderers load on first use (see lazyModule): a worker that only ever draws PDFs never
// loads ExcelJS.
const chart = lazyModule(() => import('./render/period-chart.js'));
const pdf = lazyModule(() => import('./render/period-pdf.js'));
const xlsx = lazyModule(() => import('./tables/period-xlsx.js'));
const recordPdf = lazyModule(() => import('./render/household-record-pdf.js'));
const formPdf = lazyModule(() => import('./render/acceptance-form-pdf.js'));
const ledgerXlsx = lazyModule(() => import('../households/ledger-export-xlsx.js'));

const PERIOD_RENDERERS: Record<RenderedFormat, (report: PeriodReport) => Promise<Buffer>> = {
  xlsx: async (report) => (await xlsx()).periodReportXlsx(report),
  pdf: async (report) => (await pdf()).periodReportPdf(report),
  // Rasterising the SVG (resvg) is the PNG's cost. resvg hands back native memory, which Node 22
  // and later refuse to move to another thread (DataCloneError, a 500 on every PNG); a copy of a
  // few hundred kB into V8's own memory can be moved.
  png: async (report) => Buffer.from((await chart()).periodChartPng(report)),
  svg: async (report) => Buffer.from((await chart()).periodChartSvg(report), 'utf8'),
};

/**
 * Draws `task` in the calling thread: what the render worker runs (render-worker.ts), and what a
 * benchmark of the renderers alone calls. Every string is made drawable first, whatever is stored.
 */
export async function renderTask(task: RenderTask): Promise<Buffer> {
  switch (task.kind) {
    case 'period-report': {
      const render = PERIOD_RENDERERS[task.format];
      if (!render) throw new Error(`No renderer for the format ${task.format as string}`);
      return render(drawableStrings(task.report));
    }
    case 'household-record':
      return (await recordPdf()).householdRecordPdf(drawableStrings(task.record));
    case 'acceptance-form':
      return (await formPdf()).acceptanceFormPdf(drawableStrings(task.form));
    case 'household-ledger':
      return (await ledgerXlsx()).ledgerXlsx(drawableStrings(task.ledger));
    default:
      throw new Error(`Unknown render task ${(task as { kind?: unknown }).kind as string}`);
  }
}
