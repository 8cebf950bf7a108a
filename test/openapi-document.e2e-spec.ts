import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  'x-roles'?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  security: unknown[];
  servers: { url: string }[];
  info: { license?: { name: string } };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[]; enum?: string[]; properties: Record<string, object> }> };
}

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint` with its recommended rules, on `document` written to a file; its JSON report. */
async function lint(document: Document, dir: string): Promise<LintReport> {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  // From an empty directory, so no redocly.yaml of anyone's changes the rules.
  const result = await run(
    process.execPath,
    [join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json', '--extends=recommended'],
    { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
  ).catch((error: unknown) => error as { stdout: string });
  // It exits 1 when it finds a problem; the report is on standard output either way.
  return JSON.parse(result.stdout) as LintReport;
}

const operations = (document: Document): [string, Operation][] =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]),
  );

describe('the OpenAPI document', () => {
  let t: TestApp;
  let dir: string;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'tracker-openapi-'));
    document = (await http(t, null).get('/api/docs-json').expect(200)).body as Document;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.dispose();
  });

  it('passes redocly lint with the recommended rules: no error and no warning', async () => {
    const report = await lint(document, dir);
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('fails that lint when an operation loses its summary, so an undocumented route fails CI', async () => {
    const broken = structuredClone(document);
    delete broken.paths['/api/households/{id}'].get.summary;
    const report = await lint(broken, dir);
    expect(report.problems.map((p) => p.ruleId)).toEqual(['operation-summary']);
  });

  it('asks for a bearer token everywhere but on the routes that answer without signing in, which are marked security: []', async () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    const marked = operations(document)
      .filter(([, op]) => op.security !== undefined)
      .map(([name, op]) => [name, op.security]);
    expect(marked).toEqual([
      ['POST /api/auth/login', []],
      ['GET /api/health', []],
    ]);
    // The guard agrees with the document: only those answer anything but 401 to no token.
    for (const [name, op] of operations(document)) {
      const [method, path] = name.split(' ');
      const res = await http(t, null)[method.toLowerCase() as 'get'](path.replace('{id}', '1'));
      if (op.security) expect([name, res.status]).not.toEqual([name, 401]);
      else expect([name, res.status, res.body.code]).toEqual([name, 401, 'sign_in_required']);
    }
  });

  it('names the roles of a role-bound route and documents the 403 the others get', () => {
    const users = document.paths['/api/users'].get;
    expect(users['x-roles']).toEqual(['admin']);
    expect(users.responses['403']).toBeDefined();
    expect(document.paths['/api/households'].get.responses['403']).toBeUndefined();
  });

  it('gives every error answer the one error body, whose schema matches what the API sends', async () => {
    const schema = document.components.schemas.ErrorBodyResponse;
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'code', 'requestId']));
    for (const [name, op] of operations(document)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect([name, status, response.content?.['application/json']?.schema?.$ref]).toEqual([
          name,
          status,
          '#/components/schemas/ErrorBodyResponse',
        ]);
      }
      // Every operation documents a 2xx and its server error.
      expect([name, Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), op.responses['500'] !== undefined]).toEqual([
        name,
        true,
        true,
      ]);
    }
    const sent = await http(t).post('/api/households/1/transitions').send({ to: 'nowhere' }).expect(400);
    expect(Object.keys(sent.body).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(document.components.schemas.ErrorCode.enum).toContain(sent.body.code);
    const fieldCodes = document.components.schemas.FieldProblemCode.enum;
    for (const field of sent.body.fields as { code: string }[]) expect(fieldCodes).toContain(field.code);
  });

  it('declares its tags with descriptions, a server and the licence', () => {
    const used = new Set(operations(document).flatMap(([, op]) => op.tags ?? []));
    expect(document.tags.map((tag) => tag.name).sort()).toEqual([...used].sort());
    for (const tag of document.tags) expect(tag.description).toBeTruthy();
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info.license?.name).toContain('UNLICENSED');
  });

  it('is written whole by `npm run openapi`, with no server and no database of its own', async () => {
    const file = join(dir, 'written.json');
    const { stdout } = await run(process.execPath, ['--import', './test/support/worker-typescript.mjs', 'src/cli/openapi.ts', file], {
      env: { ...process.env, DATABASE_URL: 'sqlite:/nonexistent/dir/never.sqlite' },
      timeout: 60_000,
    });
    expect(stdout.trim()).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(document);
  });
});
