import WebSocket from 'ws';
import { CoworkError, type CoworkEvent, JsonRpcClient, type RpcCall } from '../contracts/index.js';
import { findRunningDaemon } from './daemon-client.js';

export type { RpcCall } from '../contracts/index.js';

/**
 * One JSON-RPC session with the daemon serving `home`, authenticated with its token. `onEvent` and
 * `onBinary` set the one handler of each (a later one replaces it).
 */
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
  const rpc = new JsonRpcClient((frame) => ws.send(frame));
  let eventHandler: (e: CoworkEvent) => void = () => {};
  let binaryHandler: (frame: Buffer) => void = () => {};
  // The daemon appends only events that match their contracts (src/contracts/events/).
  rpc.onNotification('events.event', ({ event }) => eventHandler(event as CoworkEvent));
  ws.on('message', (data, isBinary) => {
    if (isBinary) binaryHandler(data as Buffer);
    else rpc.receive(String(data));
  });
  // Cowork stopping closes the socket: without this the command would end silently, exit 0, with
  // its run, call or wait unfinished.
  const closed = new Promise<never>((_resolve, reject) =>
    ws.once('close', () =>
      reject(
        new CoworkError(
          'UNAVAILABLE',
          'Cowork closed the connection (it stopped or restarted); a run it was doing can be resumed: cowork runs list, cowork runs resume ID.',
        ),
      ),
    ),
  );
  closed.catch(() => {}); // after `fn` is done the close is ours
  try {
    return await Promise.race([
      fn(
        (method, ...params) => rpc.call(method, ...params),
        (handler) => {
          eventHandler = handler;
        },
        (handler) => {
          binaryHandler = handler;
        },
      ),
      closed,
    ]);
  } finally {
    ws.close();
  }
}
