import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailedException } from '../common/errors.js';
import { photoFields, takenOnProblem } from './photo-fields.js';

const TODAY = '2021-12-23';

describe('takenOnProblem', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ['2021-12-22', null],
    [TODAY, null],
    ['2021-12-24', 'date_in_future'],
    ['2022-01-01', 'date_in_future'],
  ])('%s: %s', (takenOn, code) => {
    expect(takenOnProblem(takenOn, TODAY)?.code ?? null).toBe(code);
  });
});

/** The fields of the 400 that `sent` is answered with, as [field, code]. */
async function refusal(sent: Record<string, string>): Promise<[string, string][]> {
  try {
    await photoFields(sent, TODAY);
  } catch (error) {
    if (!(error instanceof ValidationFailedException)) throw error;
    return error.fields.map((f) => [f.field, f.code]);
  }
  throw new Error('accepted');
}

describe('photoFields', () => {
  it('takes a stage alone, and the optional fields left blank as not given', async () => {
    expect(await photoFields({ stage: 'before' }, TODAY)).toEqual({ stage: 'before', takenOn: null, caption: null });
    expect(await photoFields({ stage: 'after', takenOn: '', caption: '' }, TODAY)).toEqual({
      stage: 'after',
      takenOn: null,
      caption: null,
    });
  });

  it('keeps the date and the caption, trimmed', async () => {
    expect(await photoFields({ stage: 'acceptance', takenOn: TODAY, caption: '  屋面修缮后  ' }, TODAY)).toEqual({
      stage: 'acceptance',
      takenOn: TODAY,
      caption: '屋面修缮后',
    });
    expect((await photoFields({ stage: 'during', caption: '   ' }, TODAY)).caption).toBeNull();
  });

  it.each<[string, Record<string, string>, [string, string][]]>([
    ['no stage', {}, [['stage', 'required']]],
    ['a blank stage', { stage: '' }, [['stage', 'not_one_of']]],
    ['a stage that is not one', { stage: 'finished' }, [['stage', 'not_one_of']]],
    ['a date that does not exist', { stage: 'after', takenOn: '2021-02-30' }, [['takenOn', 'not_a_date']]],
    ['a date written otherwise', { stage: 'after', takenOn: '2021/12/20' }, [['takenOn', 'not_a_date']]],
    ['tomorrow', { stage: 'after', takenOn: '2021-12-24' }, [['takenOn', 'date_in_future']]],
    ['a caption of 201 characters', { stage: 'after', caption: '修'.repeat(201) }, [['caption', 'too_long']]],
    ['a caption with a line break', { stage: 'after', caption: '第一行\n第二行' }, [['caption', 'control_character']]],
    ['a field it does not take', { stage: 'after', householdId: '3' }, [['householdId', 'unknown_field']]],
    [
      'every wrong field at once',
      { stage: 'x', takenOn: '2022-01-01', caption: '\u202e' },
      [
        ['stage', 'not_one_of'],
        ['caption', 'control_character'],
        ['takenOn', 'date_in_future'],
      ],
    ],
  ])('refuses %s, naming the field', async (_, sent, fields) => {
    expect(await refusal(sent)).toEqual(fields);
  });

  it('takes a caption of exactly 200 characters', async () => {
    expect((await photoFields({ stage: 'after', caption: '修'.repeat(200) }, TODAY)).caption).toHaveLength(200);
  });
});
