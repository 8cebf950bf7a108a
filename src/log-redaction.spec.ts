import { describe, expect, it } from '@jest/globals';
import { redactDigits, redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it.each([
    ['/api/households?q=13912345678', '/api/households?q=***********'],
    ['/api/households?q=139-1234-5678&page=2', '/api/households?q=***-****-****&page=2'],
    ['/api/households?q=139%201234%205678', '/api/households?q=*** **** ****'],
    ['/api/households?q=139+1234+5678', '/api/households?q=*** **** ****'],
    ['/api/households?q=14012119650412301X', '/api/households?q=*****************X'],
    ['/api/households?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93', '/api/households?q=******'], // full-width digits
    ['/api/households?q=%E9%83%91%E6%B8%85%E4%BA%AE', '/api/households?q=郑清亮'],
    ['/api/households?q=12345', '/api/households?q=12345'], // five digits: a house number, kept
    ['/api/reports/period?period=week&date=2021-12-23', '/api/reports/period?period=week&date=2021-12-23'], // a date: 2021, 12, 23 apart
    ['/api/households?villageId=3&pageSize=500', '/api/households?villageId=3&pageSize=500'],
    ['/api/households/1048576/history', '/api/households/1048576/history'], // an id is kept
    ['/api/households/13912345678', '/api/households/***********'], // a phone in the path is not an id
    ['/api/households?q=%E4%B8', '/api/households?q=%E4%B8'], // not decodable: matched as sent
    ['/api/health', '/api/health'],
    ['/api/households?q=139/1234/5678', '/api/households?q=***/****/****'],
    ['/api/households?q=139_1234_5678', '/api/households?q=***_****_****'],
    ['/api/households?q=139,1234,5678', '/api/households?q=***,****,****'],
    ['/api/households?q=139(1234)5678', '/api/households?q=***(****)****'],
    ['/api/households?q=13912%E2%80%8B34567%E2%80%8B8', '/api/households?q=*****\u200B*****\u200B*'],
    ['/api/households?q=%D9%A1%D9%A3%D9%A9%D9%A1%D9%A2%D9%A3', '/api/households?q=******'], // Arabic-Indic digits
    ['/api/households?q=1&page=23456', '/api/households?q=1&page=23456'], // two parameters, not one number
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('redactDigits', () => {
  it.each([
    ['13912345678', '***********'],
    ['zheng.qingliang', 'zheng.qingliang'],
    ['staff2021', 'staff2021'],
  ])('%s → %s', (text, logged) => {
    expect(redactDigits(text)).toBe(logged);
  });
});
