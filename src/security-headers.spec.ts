import { describe, expect, it } from '@jest/globals';
import { securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  const policy = {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], upgradeInsecureRequests: null } },
  };

  it.each([
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'SAMEORIGIN'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
  ])('sets %s to %s, as helmet does', (name, value) => {
    expect(securityHeaders(policy)[name]).toBe(value);
  });

  it('writes the policy given, without upgrading requests to HTTPS', () => {
    const csp = securityHeaders(policy)['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('leaves out a header helmet is told not to set', () => {
    expect(securityHeaders({ ...policy, xFrameOptions: false })).not.toHaveProperty('x-frame-options');
  });

  it('refuses a policy helmet refuses', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], 'bad name': ['x'] } } })).toThrow();
  });
});
