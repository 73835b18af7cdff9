import { describe, expect, it } from 'vitest';
import { CoworkError, JsonRpcClient } from '../../src/contracts/index.js';

/** A client whose socket is an array: what it sent, parsed. */
function client() {
  const sent: { id: number; method: string; params?: unknown }[] = [];
  const rpc = new JsonRpcClient((frame) => sent.push(JSON.parse(frame)));
  const reply = (message: object) => rpc.receive(JSON.stringify({ jsonrpc: '2.0', ...message }));
  return { rpc, sent, reply };
}

describe('the typed JSON-RPC client', () => {
  it('sends each call with its own id and settles it by that id, in any order', async () => {
    const { rpc, sent, reply } = client();
    const info = rpc.call('system.info');
    const ping = rpc.call('system.ping', {});
    expect(sent).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'system.info', params: {} },
      { jsonrpc: '2.0', id: 2, method: 'system.ping', params: {} },
    ]);
    reply({ id: 2, result: { pong: true } });
    reply({ id: 1, result: { version: '1', pid: 1, uptimeMs: 0, headSequence: 7 } });
    expect(await ping).toEqual({ pong: true });
    expect((await info).headSequence).toBe(7);
  });

  it('turns an error reply into a CoworkError with its code, message and details', async () => {
    const { rpc, reply } = client();
    const call = rpc.call('grants.remove', { path: '/x' });
    reply({
      id: 1,
      error: { code: -32000, message: 'No.', data: { code: 'CONFLICT', details: { why: 1 } } },
    });
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoworkError);
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'No.', details: { why: 1 } });
  });

  it('keeps the raw request: any method, params left out, the whole response back', async () => {
    const { rpc, sent, reply } = client();
    const r = rpc.request('no.such');
    expect(sent[0]).toEqual({ jsonrpc: '2.0', id: 1, method: 'no.such' });
    const failure = {
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32601, message: 'x', data: { code: 'METHOD_NOT_FOUND' } },
    };
    reply(failure);
    expect(await r).toEqual(failure);
  });

  it('routes notifications by name until unsubscribed, and ignores replies nobody waits for', () => {
    const { rpc, reply } = client();
    const seen: unknown[] = [];
    const off = rpc.onNotification('logs.batch', (p) => seen.push(p.dropped));
    reply({ method: 'logs.batch', params: { subscriptionId: 's', entries: [], dropped: 3 } });
    reply({ method: 'events.event', params: {} });
    reply({ id: 99, result: {} });
    off();
    reply({ method: 'logs.batch', params: { subscriptionId: 's', entries: [], dropped: 4 } });
    expect(seen).toEqual([3]);
  });

  it('fails the calls still waiting when the socket closes, and a call the socket cannot send', async () => {
    const { rpc } = client();
    const waiting = rpc.call('system.ping');
    rpc.failPending(new CoworkError('UNAVAILABLE', 'lost'));
    await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'lost' });
    const closed = new JsonRpcClient(() => {
      throw new CoworkError('UNAVAILABLE', 'Not connected.');
    });
    await expect(closed.call('system.ping')).rejects.toMatchObject({ message: 'Not connected.' });
  });
});
