/**
 * `PUT /api/files`: the UI's uploads, against a real daemon. Every upload is the person's
 * `fs.write` through the door — grants, secret files, approvals and the audit log apply — and the
 * attacks (another origin, no credentials, `..`, symlinks out of the grant, oversized or cut-off
 * bodies) leave nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/contracts/index.js';
import { loginCookie, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
let rpc: RpcClient;
let cookie: string;
let grant: string;
let readOnly: string;
let outside: string;

beforeAll(async () => {
  const f = await fixture('cowork-up-')
    .withDaemon()
    .withGrant('rw', {}, 'up')
    .withGrant('ro', {}, 'up-ro')
    .withFolder('up-out')
    .start();
  ({ daemon: d, client: rpc } = f);
  cookie = await loginCookie(d);
  [grant, readOnly, outside] = [f.folder, f.folders['up-ro']!, f.folders['up-out']!];
});

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  json: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
}

/** The UI's request: the cookie, our own origin. */
const asUi = () => ({ cookie, origin: d.url });

function readReply(res: IncomingMessage): Promise<Reply> {
  return new Promise((resolve) => {
    let text = '';
    res.on('data', (c) => {
      text += c;
    });
    res.on('end', () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} }),
    );
  });
}

/** A raw PUT with full control of the headers (fetch would not let us forge Host or Origin). */
function put(
  path: string,
  body: Buffer,
  headers: Record<string, string> = asUi(),
  query = '',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: d.port,
        method: 'PUT',
        path: `/api/files?path=${encodeURIComponent(path)}${query}`,
        headers: { 'content-length': String(body.length), ...headers },
      },
      (res) => void readReply(res).then(resolve),
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.cowork-'));

async function auditFor(target: string) {
  const { entries } = await rpc.result('audit.read', { after: 0, limit: 5000 });
  return entries.filter((e) => e.target === target);
}

describe('PUT /api/files', () => {
  it('writes a 5 MB upload into a granted folder, byte for byte, as an audited fs.write by the person', async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const target = join(grant, 'big.bin');
    const r = await put(target, bytes);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ path: target, bytes: bytes.length, created: true });
    expect(sha(readFileSync(target))).toBe(sha(bytes));
    expect(leftovers(grant)).toEqual([]);
    const audit = await auditFor(target);
    expect(audit.map((e) => [e.phase, e.action, e.actor, e.decision])).toEqual([
      ['decision', 'fs.write', 'user', 'allow'],
      ['result', 'fs.write', 'user', 'allow'],
    ]);
  });

  it('works with the token too (the CLI), and writes an empty file', async () => {
    const target = join(grant, 'empty.txt');
    const r = await put(target, Buffer.alloc(0), { authorization: `Bearer ${d.token}` });
    expect(r.status).toBe(201);
    expect(readFileSync(target).length).toBe(0);
  });

  it('replacing a file asks: the approval is bound to this upload, and the retry with it replaces the file', async () => {
    const target = join(grant, 'report.txt');
    writeFileSync(target, 'old');
    const first = await put(target, Buffer.from('new content'));
    expect(first.status).toBe(202);
    expect(first.json.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    const approvalId = first.json.error?.details?.['approvalId'] as string;
    expect(approvalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    await rpc.result('approvals.decide', { id: approvalId, status: 'approved' });
    // The approval does not cover another upload (a different size) to the same path…
    const other = await put(
      target,
      Buffer.from('something else entirely'),
      asUi(),
      `&approvalId=${approvalId}`,
    );
    expect(other.json.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    expect(readFileSync(target, 'utf8')).toBe('old');
    // …only the one that was asked about, once.
    const retry = await put(target, Buffer.from('new content'), asUi(), `&approvalId=${approvalId}`);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ created: false, bytes: 11 });
    expect(readFileSync(target, 'utf8')).toBe('new content');
    const again = await put(target, Buffer.from('new content'), asUi(), `&approvalId=${approvalId}`);
    expect(again.json.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
  });

  it('refuses paths outside the grants, and read-only grants, writing nothing', async () => {
    for (const target of [join(outside, 'x.txt'), join(readOnly, 'x.txt'), '/etc/cowork-upload-test']) {
      const r = await put(target, Buffer.from('x'));
      expect(r.status, target).toBe(403);
      expect(r.json.error?.code).toBe('PERMISSION_DENIED');
      expect(existsSync(target)).toBe(false);
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('refuses `..` and symlinks that lead out of the grant', async () => {
    const escaped = join(outside, 'escaped.txt');
    const dotdot = `${grant}/../${outside.split('/').at(-1)}/escaped.txt`;
    symlinkSync(outside, join(grant, 'out-link'));
    writeFileSync(join(outside, 'victim.txt'), 'untouched');
    symlinkSync(join(outside, 'victim.txt'), join(grant, 'victim-link.txt'));
    for (const target of [dotdot, join(grant, 'out-link', 'escaped.txt'), join(grant, 'victim-link.txt')]) {
      const r = await put(target, Buffer.from('pwned'));
      expect(r.status, target).toBe(403);
      expect(r.json.error?.code).toBe('PERMISSION_DENIED');
    }
    expect(existsSync(escaped)).toBe(false);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside).sort()).toEqual(['victim.txt']);
  });

  it('refuses secret files as fs.write would', async () => {
    // (`*.pem` is decided by its content: a certificate upload is ordinary, a key file is not read)
    for (const name of ['.env', '.ENV.local', 'id_rsa', 'server.p12']) {
      const r = await put(join(grant, name), Buffer.from('SECRET=1'));
      expect(r.status, name).toBe(403);
      expect(r.json.error?.code).toBe('PERMISSION_DENIED');
      expect(existsSync(join(grant, name))).toBe(false);
    }
  });

  it('refuses requests without credentials, with wrong ones, from another origin or host', async () => {
    const target = join(grant, 'csrf.txt');
    const attempts: [Record<string, string>, number, string][] = [
      [{}, 401, 'UNAUTHENTICATED'],
      [{ authorization: 'Bearer wrong', origin: d.url }, 401, 'UNAUTHENTICATED'],
      [{ cookie: `cowork_session_${d.port}=forged-forged-forged` }, 401, 'UNAUTHENTICATED'],
      // A hostile page: the browser adds its Origin (and would not even send the SameSite cookie).
      [{ cookie, origin: 'http://evil.example' }, 403, 'PERMISSION_DENIED'],
      [{ cookie, origin: 'null' }, 403, 'PERMISSION_DENIED'],
      [{ cookie, origin: `http://127.0.0.1:${d.port + 1}` }, 403, 'PERMISSION_DENIED'],
      // DNS rebinding: evil.example resolving to 127.0.0.1.
      [{ cookie, host: `evil.example:${d.port}` }, 403, 'PERMISSION_DENIED'],
    ];
    for (const [headers, status, code] of attempts) {
      const r = await put(target, Buffer.from('x'), headers);
      expect([r.status, r.json.error?.code], JSON.stringify(headers)).toEqual([status, code]);
    }
    expect(existsSync(target)).toBe(false);
  });

  it('maps bad requests to their error codes', async () => {
    const cases: [string, number, string][] = [
      ['relative/name.txt', 400, 'INVALID_ARGUMENTS'],
      ['', 400, 'INVALID_ARGUMENTS'],
      [join(grant, 'no-such-folder', 'x.txt'), 404, 'RESOURCE_NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      const r = await put(path, Buffer.from('x'));
      expect([r.status, r.json.error?.code], path).toEqual([status, code]);
    }
    const bad = await put(join(grant, 'x.txt'), Buffer.from('x'), asUi(), '&approvalId=../../x');
    expect([bad.status, bad.json.error?.code]).toEqual([400, 'INVALID_ARGUMENTS']);
  });

  it('refuses a declared size over the cap with 413 before reading the body', async () => {
    const target = join(grant, 'huge.bin');
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: d.port,
          method: 'PUT',
          path: `/api/files?path=${encodeURIComponent(target)}`,
          headers: { ...asUi(), 'content-length': String(MAX_UPLOAD_BYTES + 1) },
        },
        (res) => void readReply(res).then(resolve),
      );
      req.on('error', reject);
      req.write(Buffer.alloc(1024)); // and then nothing: the answer must not wait for the body
    });
    expect(r.status).toBe(413);
    expect(r.json.error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(r.headers.connection).toBe('close');
    expect(existsSync(target)).toBe(false);
  });

  it('stops a streamed body at the cap with 413 and leaves no partial file', async () => {
    const target = join(grant, 'stream.bin');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const r = await new Promise<Reply>((resolve, reject) => {
      let answered = false;
      const req = request(
        {
          host: '127.0.0.1',
          port: d.port,
          method: 'PUT',
          path: `/api/files?path=${encodeURIComponent(target)}`,
          headers: asUi(), // no Content-Length: chunked, so only counting can stop it
        },
        (res) => {
          answered = true;
          void readReply(res).then(resolve);
        },
      );
      req.on('error', (err) => (answered ? undefined : reject(err)));
      let sent = 0;
      const pump = () => {
        // One chunk past the cap, then wait for the answer (the body never ends).
        while (!answered && sent <= MAX_UPLOAD_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    expect(r.status).toBe(413);
    expect(r.json.error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(existsSync(target)).toBe(false);
    await waitUntil(() => leftovers(grant).length === 0);
  });

  it('a client that disconnects mid-upload leaves no partial file, and the daemon keeps answering', async () => {
    const target = join(grant, 'cut.bin');
    const req = request({
      host: '127.0.0.1',
      port: d.port,
      method: 'PUT',
      path: `/api/files?path=${encodeURIComponent(target)}`,
      headers: { ...asUi(), 'content-length': String(5 * 1024 * 1024) },
    });
    req.on('error', () => {});
    req.write(randomBytes(1024 * 1024));
    // The write has begun: its temp file is in the folder.
    await waitUntil(() => leftovers(grant).length === 1);
    req.destroy();
    await waitUntil(() => leftovers(grant).length === 0);
    expect(existsSync(target)).toBe(false);
    await waitUntil(async () => (await auditFor(target)).some((e) => e.phase === 'result'));
    expect((await fetch(`${d.url}/api/health`)).status).toBe(200);
    const after = await put(join(grant, 'after.txt'), Buffer.from('still here'));
    expect(after.status).toBe(201);
  });
});
