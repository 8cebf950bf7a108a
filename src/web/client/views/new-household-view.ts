import type { HouseholdResponse } from '../api-types.js';
import type { PageContext } from '../context.js';
import { field, h, replace, select } from '../dom.js';
import { todayInCounty } from '../format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { EMPTY_FILTERS, formatRoute } from '../routes.js';
import { alertBox, describeError, gradeName, pageHeading } from './common.js';

/** The new-household form (staff and admins): POST /api/households, then the household's page. */
export function renderNewHousehold(main: HTMLElement, ctx: PageContext): void {
  const heading = pageHeading(t('new.title'));
  if (ctx.me.role !== 'staff' && ctx.me.role !== 'admin') {
    replace(main, heading, alertBox(t('new.notAllowed')));
    return;
  }
  const today = todayInCounty();
  const required = (key: MessageKey) => `${t(key)}${t('new.required')}`;
  const choose = { value: '', label: t('new.choose') };
  const village = select('villageId', [
    choose,
    ...ctx.regions.villages().map((v) => ({ value: String(v.id), label: ctx.regions.villageLabel(v.id) })),
  ]);
  village.required = true;
  const householder = h('input', { name: 'householder', required: true, maxlength: 50, autocomplete: 'off' });
  const grade = select('grade', [choose, ...(['A', 'B', 'C', 'D'] as const).map((g) => ({ value: g, label: gradeName(g) }))]);
  grade.required = true;
  const address = h('input', { name: 'address', maxlength: 200 });
  const rooms = h('input', { name: 'rooms', type: 'number', min: 0, max: 200, step: 1, inputmode: 'numeric' });
  const agency = h('input', { name: 'appraisalAgency', maxlength: 100 });
  const appraisalDate = h('input', { name: 'appraisalDate', type: 'date', max: today });
  const reportNo = h('input', { name: 'appraisalReportNo', maxlength: 50 });
  const findings = h('textarea', { name: 'appraisalFindings', rows: 2, maxlength: 2000 });
  const idCard = h('input', { name: 'idCardNumber', maxlength: 18, autocomplete: 'off' });
  const phone = h('input', { name: 'phone', type: 'tel', maxlength: 20, autocomplete: 'off' });
  const remarks = h('textarea', { name: 'remarks', rows: 2, maxlength: 2000 });
  const status = select(
    'status',
    (['pending', 'in_progress', 'completed', 'accepted'] as const).map((s) => ({ value: s, label: t(`status.${s}`) })),
    'pending',
  );
  const statusOn = h('input', { name: 'statusOn', type: 'date', value: today, max: today, required: true });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 500 });
  const submit = h('button', { type: 'submit' }, t('new.submit'));
  const message = h('div', { class: 'message', 'aria-live': 'polite' });

  const form = h(
    'form',
    { class: 'household-form', novalidate: true },
    message,
    h(
      'fieldset',
      null,
      h('legend', null, t('household.facts')),
      field(required('new.village'), village),
      field(required('new.householder'), householder),
      field(t('new.address'), address),
      field(t('new.rooms'), rooms),
      field(t('new.idCard'), idCard),
      field(t('new.phone'), phone),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, t('household.appraisal')),
      field(required('new.grade'), grade),
      field(t('new.agency'), agency),
      field(t('new.appraisalDate'), appraisalDate),
      field(t('new.reportNo'), reportNo),
      field(t('new.findings'), findings),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, t('new.status')),
      field(t('new.status'), status, t('new.statusHint')),
      field(required('new.statusOn'), statusOn),
      field(t('new.note'), note),
      field(t('new.remarks'), remarks),
    ),
    h(
      'p',
      { class: 'actions' },
      submit,
      h('a', { class: 'button secondary', href: formatRoute({ name: 'ledger', filters: EMPTY_FILTERS }) }, t('new.cancel')),
    ),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = [village, householder, grade, statusOn].find((input) => !input.value.trim());
    if (missing) {
      replace(message, alertBox(t('new.failed'), null));
      missing.focus();
      return;
    }
    void save();
  });

  async function save(): Promise<void> {
    const text = (input: HTMLInputElement | HTMLTextAreaElement) => input.value.trim() || undefined;
    const body = {
      villageId: Number(village.value),
      householder: householder.value.trim(),
      grade: grade.value,
      address: text(address),
      rooms: rooms.value === '' ? undefined : Number(rooms.value),
      appraisalAgency: text(agency),
      appraisalDate: text(appraisalDate),
      appraisalReportNo: text(reportNo),
      appraisalFindings: text(findings),
      idCardNumber: text(idCard),
      phone: text(phone),
      remarks: text(remarks),
      status: status.value,
      statusOn: statusOn.value,
      note: text(note),
    };
    submit.disabled = true;
    submit.textContent = t('new.saving');
    try {
      const created = await ctx.api.post<HouseholdResponse>('/households', body);
      ctx.navigate({ name: 'household', id: created.id });
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(message, alertBox(t('new.failed'), describeError(error).headline));
      message.querySelector<HTMLElement>('.alert')?.setAttribute('tabindex', '-1');
      message.querySelector<HTMLElement>('.alert')?.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('new.submit');
    }
  }

  replace(main, heading, form);
}
