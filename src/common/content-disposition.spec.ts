import { describe, expect, it } from '@jest/globals';
import { attachment } from './content-disposition.js';

describe('attachment', () => {
  it('sends a Chinese name encoded, with an ASCII fallback', () => {
    expect(attachment('阎家营村公示.csv', 'public-notice-5.csv')).toBe(
      `attachment; filename="public-notice-5.csv"; filename*=UTF-8''%E9%98%8E%E5%AE%B6%E8%90%A5%E6%9D%91%E5%85%AC%E7%A4%BA.csv`,
    );
  });

  it("escapes the characters RFC 5987 does not allow bare", () => {
    expect(attachment("a'b(c).csv", 'x"y.csv')).toBe(`attachment; filename="x_y.csv"; filename*=UTF-8''a%27b%28c%29.csv`);
  });
});
