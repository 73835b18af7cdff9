/** cli: the `cowork` command (entry point: main.ts). */
export { serviceTarget } from './commands/service.js';
export { isAlive } from './daemon-client.js';
