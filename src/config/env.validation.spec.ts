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

  it.each([
    [{ PORT: 'eighty' }, 'PORT 必须是整数 · PORT must be an integer number'],
    [
      { DATABASE_URL: 'mysql://x' },
      'DATABASE_URL 应写作 sqlite:<文件路径> 或 postgres://用户名:密码@主机:端口/数据库名 · DATABASE_URL must be sqlite:<path> or postgres://user:pass@host:port/db',
    ],
    [{ SEED: 'beijing' }, 'SEED 只能是以下之一：qingxu、none · SEED must be one of the following values: qingxu, none'],
    [{ STALLED_DAYS: '0' }, 'STALLED_DAYS 不能小于 1 · STALLED_DAYS must not be less than 1'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET 至少 32 个字符 · JWT_SECRET must be at least 32 characters long'],
    [
      { NODE_ENV: 'production' },
      '生产环境（NODE_ENV=production）必须设置 JWT_SECRET（至少 32 个随机字符） · JWT_SECRET must be set in production (at least 32 random characters)',
    ],
    [
      { TRUST_PROXY: 'yes please' },
      'TRUST_PROXY 应为 true、false，或反向代理的地址（用逗号分隔） · TRUST_PROXY must be true, false, or proxy addresses',
    ],
  ])('says what is wrong with %p in Chinese, then in English, one line a variable', (env, line) => {
    expect(() => validateEnvironment(env)).toThrow(
      `环境变量有误，服务没有启动 · Invalid environment, the tracker did not start:\n  ${line}`,
    );
  });

  it('names every wrong variable', () => {
    expect(() => validateEnvironment({ PORT: '70000', WEEK_START: 'someday' })).toThrow(
      /PORT 不能大于 65535 .*\n.*WEEK_START 只能是以下之一/,
    );
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
