import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsString } from 'class-validator';
import { AppValidationPipe, jsonDepthExceeds } from './app-validation.pipe.js';
import { ValidationFailedException } from './errors.js';
import { renderFieldProblem } from './messages/catalogue.js';

const nested = (depth: number, open = '{"a":', close = '}') => JSON.parse(open.repeat(depth) + '1' + close.repeat(depth));

describe('jsonDepthExceeds', () => {
  it.each([
    [1, 32, false],
    [{}, 0, true],
    [{}, 1, false],
    [{ a: { b: 1 } }, 2, false],
    [{ a: { b: 1 } }, 1, true],
    [[[[]]], 3, false],
    [[[[]]], 2, true],
    [{ a: [1, { b: null }] }, 3, false],
    [{ a: [1, { b: null }] }, 2, true],
  ])('%j nested past %i levels: %p', (value, limit, expected) => {
    expect(jsonDepthExceeds(value, limit)).toBe(expected);
  });

  it.each([
    [32, false],
    [33, true],
    [100_000, true],
  ])('an object %i levels deep passes 32: %p (without overflowing the stack)', (depth, expected) => {
    expect(jsonDepthExceeds(nested(depth), 32)).toBe(expected);
    expect(jsonDepthExceeds(nested(depth, '[', ']'), 32)).toBe(expected);
  });
});

class Body {
  @IsString()
  householder!: string;
}

describe('AppValidationPipe', () => {
  const pipe = new AppValidationPipe();
  const body = { type: 'body', metatype: Body } as const;

  /** The fields of the validation error the pipe throws for `value`, or the value it passes on. */
  async function run(value: unknown, metadata: ArgumentMetadata = body) {
    try {
      return { passed: await pipe.transform(value, metadata) };
    } catch (error) {
      if (!(error instanceof ValidationFailedException)) throw error;
      return { fields: error.fields.map((f) => ({ field: f.field, code: f.code, zh: renderFieldProblem('zh', f) })) };
    }
  }

  it.each([[[1, 2]], [[]], ['x'], [5], [true], [null]])('refuses the body %j, not an object, on the field body', async (value) => {
    expect(await run(value)).toEqual({ fields: [{ field: 'body', code: 'not_an_object', zh: '请求内容必须是一组字段（JSON 对象）' }] });
  });

  it('checks an object body by its class, as before', async () => {
    expect(await run({ householder: '郑清亮' })).toEqual({ passed: expect.any(Body) });
    expect(await run({ householder: 7, extra: 1 })).toEqual({
      fields: [
        { field: 'extra', code: 'unknown_field', zh: '不接受字段“extra”，请删去' },
        { field: 'householder', code: 'not_a_string', zh: '户主必须是文字' },
      ],
    });
  });

  it('answers a request without a body (undefined) by its fields, not as a body that is not an object', async () => {
    expect(await run(undefined)).toEqual({ fields: [{ field: 'householder', code: 'required', zh: '户主必须填写' }] });
  });

  it.each<[string, unknown, ArgumentMetadata]>([
    ['a query', { householder: '郑清亮' }, { type: 'query', metatype: Body }],
    ['a body with no request shape', [1, 2], { type: 'body', metatype: Object }],
    ['a body with no type at all', 'x', { type: 'body' }],
    ['one property of a body', 'x', { type: 'body', metatype: String, data: 'householder' }],
    ['a path parameter', '12', { type: 'param', metatype: Number, data: 'id' }],
  ])('leaves %s alone', async (_case, value, metadata) => {
    const { passed } = await run(value, metadata);
    expect(passed).toEqual(metadata.type === 'query' ? expect.any(Body) : value);
  });
});
