import { describe, expect, it } from '@jest/globals';
import { attachment, savableFileName } from './content-disposition.js';

describe('attachment', () => {
  it('sends a Chinese name encoded, with an ASCII fallback', () => {
    expect(attachment('阎家营村公示.csv', 'public-notice-5.csv')).toBe(
      `attachment; filename=public-notice-5.csv; filename*=UTF-8''%E9%98%8E%E5%AE%B6%E8%90%A5%E6%9D%91%E5%85%AC%E7%A4%BA.csv`,
    );
  });

  it('escapes the characters RFC 8187 does not allow bare', () => {
    expect(attachment("a'b(c).csv", 'x"y.csv')).toBe(`attachment; filename=x_y.csv; filename*=UTF-8''a%27b%28c%29.csv`);
  });

  it('never sends a control character or a direction override in the name', () => {
    expect(attachment('阎家\u0000营村\u202E_修缮档案.pdf', 'x.pdf')).toBe(
      `attachment; filename=x.pdf; filename*=UTF-8''${encodeURIComponent('阎家□营村□_修缮档案.pdf')}`,
    );
  });

  it('quotes a fallback that is not a token, and makes it savable and ASCII', () => {
    expect(attachment('清徐县 周报.csv', 'weekly report 51.csv')).toBe(
      `attachment; filename="weekly report 51.csv"; filename*=UTF-8''${encodeURIComponent('清徐县 周报.csv')}`,
    );
    expect(attachment('周报.csv', 'a\\b/é.csv')).toBe(`attachment; filename=a_b__.csv; filename*=UTF-8''${encodeURIComponent('周报.csv')}`);
  });

  it('sends an ASCII name that is its own fallback once, as filename', () => {
    expect(attachment('household-7-record.pdf', 'household-7-record.pdf')).toBe('attachment; filename=household-7-record.pdf');
  });
});

describe('savableFileName', () => {
  it.each([
    ['清徐县周报_2021年第51周.xlsx', '清徐县周报_2021年第51周.xlsx'],
    ['孟封村/小武村.pdf', '孟封村_小武村.pdf'],
    ['a\\b:c*d?e"f<g>h|i.csv', 'a_b_c_d_e_f_g_h_i.csv'],
    ['郑\u202Efdp.exe', '郑□fdp.exe'],
    ['郑\u0000亮.pdf', '郑□亮.pdf'],
    ['一\n二.pdf', '一_二.pdf'],
  ])('%j → %j', (name, saved) => {
    expect(savableFileName(name)).toBe(saved);
  });
});
