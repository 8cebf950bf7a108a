import { describe, expect, it } from '@jest/globals';
import { displayWidth, firstAdminBox } from './first-admin.js';

describe('firstAdminBox', () => {
  const box = firstAdminBox('admin', 'Xq3-vT9_kLm2Pw8z');
  const lines = box.split('\n').filter(Boolean);

  it('frames every line to the same width on a terminal, Chinese characters counting two columns', () => {
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect(lines.at(-1)).toMatch(/^└─+┘$/);
    expect(lines.slice(1, -1).every((line) => line.startsWith('│ ') && line.endsWith(' │'))).toBe(true);
    expect(new Set(lines.map(displayWidth))).toEqual(new Set([displayWidth(lines[0])]));
  });

  it('names the account and the password, in Chinese and English', () => {
    expect(box).toContain('首个管理员账号已创建 · First admin account created');
    expect(box).toContain('用户名 username: admin');
    expect(box).toContain('密码   password: Xq3-vT9_kLm2Pw8z');
  });
});

describe('displayWidth', () => {
  it.each([
    ['admin', 5],
    ['密码', 4],
    ['（POST）', 8],
    ['此密码只显示这一次。', 20],
    ['', 0],
  ])('%j takes %d columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});
