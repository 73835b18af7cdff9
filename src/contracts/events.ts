/**
 * The event envelope and the plan, for contracts that embed them (rpc.ts). The payload schemas live
 * in events/ and are exported from events/index.ts: they use rpc's shapes, so importing them from
 * here would make rpc.ts import itself.
 */
export * from './events/envelope.js';
export * from './events/plan.js';
