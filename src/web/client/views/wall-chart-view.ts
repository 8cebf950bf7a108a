import type { PeriodReportResponse, ProgressReportResponse, RegionLevel, RepairGrade, StalledHouseholdResponse } from '../api-types.js';
import type { Cleanup, PageContext } from '../context.js';
import { field, h, replace, select } from '../dom.js';
import { formatPercent, monthDay, todayInCounty, trendDates } from '../format.js';
import { t } from '../i18n/i18n.js';
import { CHILD_LEVEL, stalledUnder, type Region } from '../region-units.js';
import { formatRoute, EMPTY_FILTERS } from '../routes.js';
import { saveFile } from '../save-file.js';
import {
  GRADES,
  ownRows,
  remarksOf,
  stalledByGrade,
  trendRates,
  unitBars,
  type PeriodRow,
  type ProgressRow,
  type TrendPoint,
} from '../wall-chart-data.js';
import { alertBox, describeError, errorBox, gradeName, loading, pageHeading, recordTable, statusBadge, tableRegion } from './common.js';

/**
 * 挂图作战: the selected unit's progress per grade, the units below it as bars, the weekly
 * trend, the stalled households, and the day's and week's report files, for any past day.
 *
 * Reads the progress report at the unit's own level (for its row, at the date and at the same
 * weekday of the seven weeks before), and the day's period report grouped one level down (for
 * the units below and the stalled households); rows are picked by the region tree.
 */

/** The longest-stalled households listed on the page (all of them are in the report files). */
const STALLED_LISTED = 20;
const FORMATS = ['csv', 'xlsx', 'pdf', 'png'] as const;

export async function renderWallChart(
  main: HTMLElement,
  ctx: PageContext,
  route: { unit: number | null; date: string | null },
): Promise<Cleanup> {
  const today = todayInCounty();
  const date = route.date ?? today;
  const { regions } = ctx;
  const unitId = route.unit !== null && regions.covers(route.unit) ? route.unit : regions.topUnit();
  const unit = unitId === null ? null : (regions.get(unitId) ?? null);
  const unitName = unit?.name ?? t('chart.all');
  const children = regions.childrenOf(unitId);
  const childLevel: RegionLevel | null = unit ? CHILD_LEVEL[unit.level] : (children[0]?.level ?? null);
  const cleanups: Cleanup[] = [];
  const chartRoute = (id: number | null, day: string | null = route.date) => formatRoute({ name: 'chart', unit: id, date: day });

  const summary = section('summary', t('chart.summary'));
  const below = section(
    'children',
    childLevel ? t('chart.children', { level: t(`level.${childLevel}`) }) : t('chart.children', { level: '' }),
  );
  const trend = section('trend', t('chart.trend'));
  const stalled = section('stalled', t('chart.stalled'));

  // A unit the account may not see (a link from a colleague with a wider scope) is not looked
  // up: the page says so and shows the account's own unit instead.
  const outsideScope = route.unit !== null && unitId !== route.unit ? alertBox(t('chart.unitOutsideScope', { unit: unitName })) : null;
  if (date > today) {
    // Only a typed or shared address can ask for it (the date field stops at today): one
    // answer in the page's words instead of one refusal per report the page would request.
    replace(
      main,
      pageHeading(t('chart.unitTitle', { unit: unitName })),
      breadcrumbs(),
      dateForm(),
      alertBox(t('chart.futureDate', { date, today })),
    );
    return () => undefined;
  }

  replace(
    main,
    pageHeading(t('chart.unitTitle', { unit: unitName })),
    h('p', { class: 'as-of' }, t('chart.asOf', { date })),
    outsideScope,
    breadcrumbs(),
    dateForm(),
    summary.element,
    below.element,
    downloads(ctx, date),
    trend.element,
    stalled.element,
  );
  if (!childLevel || children.length === 0) below.element.hidden = true;

  const graphics = import('./wall-chart-graphics.js');
  const days = trendDates(date);
  const ownLevel = unit?.level ?? 'county';
  const [progress, period] = await Promise.allSettled([
    Promise.all(days.map((d) => ctx.api.get<ProgressReportResponse>('/reports/progress', { asOf: d, groupBy: ownLevel }))),
    ctx.api.get<PeriodReportResponse>('/reports/period', { period: 'day', date, groupBy: childLevel ?? ownLevel }),
  ]);
  if (!ctx.isCurrent()) return () => undefined;

  const animate = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const draw = async (element: HTMLElement, paint: (g: typeof import('./wall-chart-graphics.js')) => Cleanup) => {
    try {
      const module = await graphics;
      if (ctx.isCurrent()) cleanups.push(paint(module));
    } catch (error) {
      replace(element, errorBox(error));
    }
  };

  // The units whose period rows count for the selected one: the units below it, or a village itself.
  const countedUnits: Region[] = unit?.level === 'village' ? [unit] : children;
  const periodRows: PeriodRow[] = period.status === 'fulfilled' ? period.value.rows : [];

  if (progress.status === 'fulfilled') {
    const points: TrendPoint[] = progress.value.map((report, i) => ({ date: days[i], rows: ownRows(report, unitId) }));
    const own = points[points.length - 1].rows;
    summary.fill(
      summaryTable(own, period.status === 'fulfilled' ? stalledByGrade(periodRows, countedUnits) : null),
      remarksList(remarksOf(own.values())),
    );
    const chart = h('div', { class: 'chart', role: 'img', 'aria-label': t('chart.trendLabel') });
    trend.fill(trendLegend(), chart, trendTable(points));
    void draw(chart, (g) =>
      g.drawTrend(
        chart,
        {
          dates: points.map((p) => monthDay(p.date)),
          series: GRADES.flatMap((grade) =>
            (['completion', 'acceptance'] as const).map((kind) => ({ grade, kind, values: trendRates(points, grade, kind) })),
          ),
        },
        { animate },
      ),
    );
  } else {
    summary.fill(failure(progress.reason));
    trend.fill(failure(progress.reason));
  }

  if (period.status === 'fulfilled') {
    if (childLevel && children.length > 0) {
      below.fill(
        ...GRADES.map((grade) => {
          const bars = unitBars(periodRows, children, grade);
          const chart = h('div', { class: 'chart', role: 'img', 'aria-label': t('chart.barsLabel', { grade }) });
          void draw(chart, (g) =>
            g.drawGradeBars(
              chart,
              { ...bars, units: bars.units.map((u) => u.name) },
              { animate, onSelect: (i) => ctx.navigate({ name: 'chart', unit: children[i].id, date: route.date }) },
            ),
          );
          return h('div', { class: 'grade-block' }, h('h3', null, t('chart.bars', { grade })), barLegend(), chart, unitTable(grade, bars));
        }),
      );
    }
    const listed = stalledUnder(period.value.stalledHouseholds, regions.villagesUnder(unitId));
    const total = [...stalledByGrade(periodRows, countedUnits).values()].reduce((a, b) => a + b, 0);
    stalled.fill(stalledList(listed, total, period.value.stalledAfterDays, date));
  } else {
    below.fill(failure(period.reason));
    stalled.fill(failure(period.reason));
  }
  if (unit?.level === 'village') {
    below.element.hidden = false;
    below.fill(
      h(
        'p',
        null,
        t('chart.lowest', { name: unit.name }),
        ' ',
        h(
          'a',
          { href: formatRoute({ name: 'ledger', filters: { ...EMPTY_FILTERS, village: unit.id } }) },
          t('chart.ledgerOf', { name: unit.name }),
        ),
      ),
    );
  }

  return () => cleanups.forEach((c) => c());

  function breadcrumbs(): HTMLElement {
    const path = unitId === null ? [] : regions.path(unitId);
    const items: { label: string; href: string; current: boolean }[] = [];
    if (regions.topUnit() === null) items.push({ label: t('chart.all'), href: chartRoute(null), current: unitId === null });
    // The regions above the user's scope are not offered: their reports would show only the scope's part.
    for (const node of path.filter((n) => regions.covers(n.id))) {
      items.push({ label: node.name, href: chartRoute(node.id), current: node.id === unitId });
    }
    // At the top there is nothing to go back up to.
    if (items.length < 2) return h('span', { hidden: true });
    return h(
      'nav',
      { class: 'crumbs', 'aria-label': t('chart.path') },
      h(
        'ol',
        null,
        items.map((item) =>
          h('li', null, item.current ? h('span', { 'aria-current': 'page' }, item.label) : h('a', { href: item.href }, item.label)),
        ),
      ),
    );
  }

  function dateForm(): HTMLFormElement {
    const input = h('input', { type: 'date', name: 'date', value: date, max: today, required: true });
    const form = h(
      'form',
      { class: 'inline-form date-form' },
      field(t('chart.date'), input),
      h('button', { type: 'submit' }, t('chart.show')),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => ctx.navigate({ name: 'chart', unit: unitId, date: null }) },
        t('chart.today'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value) {
        input.focus();
        return;
      }
      ctx.navigate({ name: 'chart', unit: unitId, date: input.value === today ? null : input.value });
    });
    return form;
  }

  function unitTable(grade: RepairGrade, bars: ReturnType<typeof unitBars>): HTMLElement {
    return tableRegion(
      t('chart.bars', { grade }),
      h(
        'table',
        { class: 'numbers', 'data-grade': grade },
        h('thead', null, h('tr', null, figureHeaders(t('col.unit')))),
        h(
          'tbody',
          null,
          bars.units.map((u, i) =>
            h(
              'tr',
              { 'data-unit': u.id },
              h('th', { scope: 'row' }, h('a', { href: chartRoute(u.id), 'aria-label': t('chart.open', { name: u.name }) }, u.name)),
              h('td', null, bars.appraised[i]),
              h('td', null, bars.completed[i]),
              h('td', null, formatPercent(bars.completionRate[i])),
              h('td', null, bars.accepted[i]),
              h('td', null, formatPercent(bars.acceptanceRate[i])),
              h('td', null, bars.stalled[i]),
            ),
          ),
        ),
      ),
    );
  }
}

function section(name: string, title: string): { element: HTMLElement; fill(...content: (Node | null)[]): void } {
  const id = `section-${name}`;
  const body = h('div', { class: 'section-body' }, loading('chart.loading'));
  const element = h('section', { class: `panel ${name}`, 'aria-labelledby': id }, h('h2', { id }, title), body);
  return { element, fill: (...content) => replace(body, ...content) };
}

/** The charts' legends, as HTML in the page's language; the colours come from the same CSS variables as the bars. */
function barLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    (['appraised', 'completed', 'accepted'] as const).map((series) =>
      h('li', null, h('span', { class: `swatch ${series}` }), t(`chart.series.${series}`)),
    ),
  );
}

function trendLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    GRADES.flatMap((grade) =>
      (['completion', 'acceptance'] as const).map((kind) =>
        h('li', null, h('span', { class: `swatch line ${kind} grade-${grade}` }), t(`chart.trend.${kind}`, { grade })),
      ),
    ),
  );
}

function failure(error: unknown): HTMLElement {
  const { headline } = describeError(error);
  return alertBox(headline);
}

function summaryTable(own: Map<RepairGrade, ProgressRow>, stalled: Map<RepairGrade, number> | null): HTMLElement {
  const cell = (grade: RepairGrade, name: string, value: string | number) => h('td', { 'data-cell': `${grade}-${name}` }, value);
  return tableRegion(
    t('chart.summary'),
    h(
      'table',
      { class: 'numbers summary-table' },
      h('thead', null, h('tr', null, figureHeaders(t('col.grade')))),
      h(
        'tbody',
        null,
        GRADES.map((grade) => {
          const row = own.get(grade);
          return h(
            'tr',
            null,
            h('th', { scope: 'row' }, gradeName(grade)),
            cell(grade, 'appraised', row?.appraised ?? 0),
            cell(grade, 'completed', row?.completed ?? 0),
            cell(grade, 'completionRate', formatPercent(row?.completionRate ?? null)),
            cell(grade, 'accepted', row?.accepted ?? 0),
            cell(grade, 'acceptanceRate', formatPercent(row?.acceptanceRate ?? null)),
            cell(grade, 'stalled', stalled ? (stalled.get(grade) ?? 0) : '—'),
          );
        }),
      ),
    ),
  );
}

function remarksList(remarks: string[]): HTMLElement | null {
  if (remarks.length === 0) return null;
  return h(
    'div',
    { class: 'remarks' },
    h('h3', null, t('chart.remarks')),
    h(
      'ul',
      null,
      remarks.map((r) => h('li', null, r)),
    ),
  );
}

function trendTable(points: readonly TrendPoint[]): HTMLElement {
  const columns = GRADES.flatMap((grade) => (['completion', 'acceptance'] as const).map((kind) => ({ grade, kind })));
  return h(
    'details',
    { class: 'trend-table' },
    h('summary', null, t('chart.trendTable')),
    tableRegion(
      t('chart.trendTable'),
      h(
        'table',
        { class: 'numbers' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('col.date')),
            columns.map((c) => h('th', { scope: 'col' }, t(`chart.trend.${c.kind}`, { grade: c.grade }))),
          ),
        ),
        h(
          'tbody',
          null,
          points.map((p) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, p.date),
              columns.map((c) => {
                const row = p.rows.get(c.grade);
                return h('td', null, formatPercent(row ? (c.kind === 'completion' ? row.completionRate : row.acceptanceRate) : null));
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

function stalledList(listed: readonly StalledHouseholdResponse[], total: number, days: number, date: string): HTMLElement {
  const rule = h('p', null, t('chart.stalledRule', { days, date }));
  if (total === 0) return h('div', null, rule, h('p', { 'data-testid': 'stalled-count' }, t('chart.stalledNone')));
  const shown = listed.slice(0, STALLED_LISTED);
  const count = h(
    'p',
    { 'data-testid': 'stalled-count' },
    shown.length < total ? t('chart.stalledShown', { total, shown: shown.length }) : t('chart.stalledCount', { total }),
  );
  return h(
    'div',
    null,
    rule,
    count,
    shown.length > 0
      ? tableRegion(
          t('chart.stalled'),
          recordTable(
            'stalled-table',
            [t('col.householder'), t('col.village'), t('col.grade'), t('col.status'), t('col.lastChange'), t('col.daysStalled')],
            shown,
            (s) => [
              h('a', { href: formatRoute({ name: 'household', id: s.householdId }) }, s.householder),
              s.village,
              gradeName(s.grade),
              statusBadge(s.status),
              s.lastChangeOn,
              s.daysWithoutChange,
            ],
          ),
        )
      : '',
  );
}

function downloads(ctx: PageContext, date: string): HTMLElement {
  const groupBy = select(
    'groupBy',
    (['village', 'township', 'county'] as const).map((level) => ({ value: level, label: t(`level.${level}`) })),
    'village',
  );
  const status = h('p', { class: 'download-status', role: 'status', 'aria-live': 'polite' });
  const group = (period: 'day' | 'week') => {
    const report = period === 'day' ? t('chart.day', { date }) : t('chart.week', { date });
    return h(
      'div',
      { class: 'download-group', role: 'group', 'aria-label': report },
      h('p', { class: 'download-title' }, report),
      h(
        'p',
        { class: 'actions' },
        FORMATS.map((format) =>
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-download': `${period}-${format}`,
              'aria-label': t('chart.downloadAs', { report, format: t(`format.${format}`) }),
              onclick: (event: Event) => void download(event.currentTarget as HTMLButtonElement, period, format, report),
            },
            t(`format.${format}`),
          ),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-copy-text': period,
            'aria-label': t('chart.copyTextOf', { report }),
            onclick: (event: Event) => copyText(event.currentTarget as HTMLButtonElement, period, report),
          },
          t('chart.copyText'),
        ),
      ),
    );
  };
  /** Where the copied message is shown (and, when the page may not copy, left selected for the user to copy). */
  const copied = h('div', { class: 'wechat-text', hidden: true });

  async function download(
    button: HTMLButtonElement,
    period: 'day' | 'week',
    format: (typeof FORMATS)[number],
    report: string,
  ): Promise<void> {
    button.disabled = true;
    replace(status, t('chart.downloading', { file: `${report} ${t(`format.${format}`)}` }));
    try {
      const file = await ctx.api.download('/reports/period', { period, date, groupBy: groupBy.value, format });
      saveFile(file);
      replace(status, t('chart.downloaded', { file: file.fileName }));
    } catch (error) {
      replace(status, alertBox(t('chart.downloadFailed'), describeError(error).headline));
    } finally {
      button.disabled = false;
    }
  }

  /**
   * The day's or week's message for the WeChat group (format=text), onto the clipboard and shown
   * below the buttons. The clipboard write starts in the click itself (see writeClipboard).
   */
  function copyText(button: HTMLButtonElement, period: 'day' | 'week', report: string): void {
    button.disabled = true;
    replace(status, t('chart.copying', { report }));
    const text = ctx.api
      .download('/reports/period', { period, date, groupBy: groupBy.value, format: 'text' })
      .then((file) => file.blob.text());
    const written = writeClipboard(text);
    void (async () => {
      try {
        const message = await text;
        const box = h('textarea', {
          readonly: true,
          rows: Math.min(14, message.split('\n').length + 1),
          'data-testid': 'wechat-text',
          value: message,
        });
        replace(copied, field(t('chart.wechatText', { report }), box));
        copied.hidden = false;
        if (await written) {
          replace(status, t('chart.copied', { report }));
        } else {
          box.focus();
          box.select();
          replace(status, t('chart.copySelected'));
        }
      } catch (error) {
        replace(status, alertBox(t('chart.copyFailed'), describeError(error).headline));
      } finally {
        button.disabled = false;
      }
    })();
  }

  return h(
    'section',
    { class: 'panel downloads', 'aria-labelledby': 'section-downloads' },
    h('h2', { id: 'section-downloads' }, t('chart.downloads')),
    h('div', { class: 'inline-form' }, field(t('chart.groupBy'), groupBy)),
    group('day'),
    group('week'),
    status,
    copied,
  );
}

/**
 * Puts `text` (still being fetched) on the clipboard; false when the page may not. Safari lets a
 * page write the clipboard only within the click, before any await: a ClipboardItem holding the
 * promise is handed over at once and filled when the text arrives. Browsers that take no promise
 * in a ClipboardItem get writeText once it has arrived. Pages served over plain http (not
 * localhost) have no clipboard at all.
 */
function writeClipboard(text: Promise<string>): Promise<boolean> {
  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (!clipboard) return Promise.resolve(false);
  const whole = (): Promise<void> => {
    if (typeof ClipboardItem !== 'function' || typeof clipboard.write !== 'function')
      return Promise.reject(new Error('ClipboardItem is not available'));
    const blob = text.then((message) => new Blob([message], { type: 'text/plain' }));
    // A failed fetch is reported by the caller; here it only fails the write.
    void blob.catch(() => undefined);
    try {
      return clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return whole().then(
    () => true,
    async () => {
      try {
        await clipboard.writeText(await text);
        return true;
      } catch {
        return false;
      }
    },
  );
}

/** The header cells of a table of figures, after its first column (the unit, or the grade). */
function figureHeaders(first: string): HTMLTableCellElement[] {
  return [
    first,
    t('col.appraised'),
    t('col.completed'),
    t('col.completionRate'),
    t('col.accepted'),
    t('col.acceptanceRate'),
    t('col.stalled'),
  ].map((c) => h('th', { scope: 'col' }, c));
}
