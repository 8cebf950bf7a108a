import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { trustProxySetting, validateEnvironment } from './env.validation.js';

describe('validateEnvironment', () => {
  it('fills in the defaults', () => {
    expect(validateEnvironment({})).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL: 'sqlite:data/tracker.sqlite',
      SEED: 'qingxu',
      JWT_TTL_SECONDS: 28800,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ SEED: 'beijing' }, /SEED/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32/],
    [{ ADMIN_PASSWORD: 'admin' }, /ADMIN_PASSWORD must be at least 10/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET must be set in production/],
    [{ TRUST_PROXY: 'yes please' }, /TRUST_PROXY/],
  ])('refuses %p, naming the variable', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(message);
  });

  it('starts in production with a secret', () => {
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });
});

describe('trustProxySetting', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['10.0.0.1, 10.0.0.0/8', ['10.0.0.1', '10.0.0.0/8']],
  ])('reads %p as %p', (value, expected) => {
    expect(trustProxySetting(value)).toEqual(expected);
  });
});
