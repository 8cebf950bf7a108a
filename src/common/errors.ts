import { BadRequestException, HttpStatus, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator errors, nested ones included, into `field: problem` pairs. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The 400 the validation pipe answers with: `message` names every field that failed and why. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const details = fieldProblems(errors);
  const message = details.length
    ? details.map((d) => d.problems.join(', ')).join('; ')
    : 'The request body must be a JSON object';
  return new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message, fields: details });
}
