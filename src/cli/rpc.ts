import WebSocket from 'ws';
import {
  CoworkError,
  type CoworkEvent,
  type ErrorCode,
  type RpcMethodName,
  type RpcParamsInput,
  type RpcResult,
} from '../contracts/index.js';
import { findRunningDaemon } from './daemon-client.js';

/** One JSON-RPC session with the daemon serving `home`, authenticated with its token. */
export async function withDaemon<T>(
  home: string,
  fn: (
    call: RpcCall,
    onEvent: (handler: (e: CoworkEvent) => void) => void,
    onBinary: (handler: (frame: Buffer) => void) => void,
  ) => Promise<T>,
): Promise<T> {
  const daemon = await findRunningDaemon(home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  const ws = new WebSocket(`${daemon.info.url.replace(/^http/, 'ws')}/api/ws`, {
    headers: { authorization: `Bearer ${daemon.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  let eventHandler: (e: CoworkEvent) => void = () => {};
  let binaryHandler: (frame: Buffer) => void = () => {};
  const pending = new Map<
    number,
    (msg: {
      result?: unknown;
      error?: { message: string; data?: { code?: string; details?: Record<string, unknown> } };
    }) => void
  >();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return binaryHandler(data as Buffer);
    const msg = JSON.parse(String(data));
    // The daemon appends only events that match their contracts (src/contracts/events/).
    if (msg.method === 'events.event') return eventHandler(msg.params.event as CoworkEvent);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  const call: RpcCall = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (msg) => {
        if (msg.error)
          reject(
            new CoworkError(
              (msg.error.data?.code ?? 'INTERNAL') as ErrorCode,
              msg.error.message,
              msg.error.data?.details,
            ),
          );
        else resolve(msg.result as never);
      });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  try {
    return await fn(
      call,
      (handler) => {
        eventHandler = handler;
      },
      (handler) => {
        binaryHandler = handler;
      },
    );
  } finally {
    ws.close();
  }
}

export type RpcCall = <M extends RpcMethodName>(
  method: M,
  params: RpcParamsInput<M>,
) => Promise<RpcResult<M>>;
