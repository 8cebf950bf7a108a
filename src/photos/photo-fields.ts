import { AppValidationPipe } from '../common/app-validation.pipe.js';
import { isCalendarDate } from '../common/dates.js';
import { ValidationFailedException } from '../common/errors.js';
import type { FieldIssue, FieldProblem } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';
import { PhotoFieldsDto } from './dto/photo-fields.dto.js';
import type { PhotoStage } from './photo-stage.js';

/** A photo's own fields as they are stored. */
export interface PhotoFields {
  stage: PhotoStage;
  takenOn: string | null;
  caption: string | null;
}

/** The optional fields: a form left blank sends them empty, which means not given. */
const OPTIONAL = new Set(['takenOn', 'caption']);

/** The same pipe as every JSON body (unknown fields refused, each rule's own code), for the multipart fields. */
const pipe = new AppValidationPipe();

/** Why `takenOn` cannot be the day a photo was taken, or null: a county date after today has not come yet. */
export function takenOnProblem(takenOn: string | null, today: string): FieldIssue<'date_in_future'> | null {
  return takenOn !== null && takenOn > today ? issue('date_in_future', { date: takenOn, today }) : null;
}

/**
 * The upload's text fields checked as PhotoFieldsDto and takenOn against today: a 400
 * validation_failed naming every wrong field at once, as a JSON body's would.
 */
export async function photoFields(sent: Readonly<Record<string, string>>, today: string): Promise<PhotoFields> {
  const given = Object.fromEntries(Object.entries(sent).filter(([name, value]) => !(OPTIONAL.has(name) && value === '')));
  const problems: FieldProblem[] = [];
  let dto: PhotoFieldsDto | null = null;
  try {
    dto = (await pipe.transform(given, { type: 'body', metatype: PhotoFieldsDto, data: undefined })) as PhotoFieldsDto;
  } catch (error) {
    if (!(error instanceof ValidationFailedException)) throw error;
    problems.push(...error.fields);
  }
  const future = isCalendarDate(given.takenOn) ? takenOnProblem(given.takenOn, today) : null;
  if (future) problems.push({ ...future, field: 'takenOn' });
  if (problems.length > 0 || !dto) throw new ValidationFailedException(problems);
  return { stage: dto.stage, takenOn: dto.takenOn ?? null, caption: dto.caption?.trim() || null };
}
