import { describe, expect, it } from 'vitest';
import {
  PER_SERVER_BYTES,
  serverInstructionsText,
  TOTAL_BYTES,
  withServerInstructions,
} from '../../src/agent/server-instructions.js';

describe("MCP servers' instructions in the system prompt", () => {
  it('bounds each server and all of them together', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ server: `s${i}`, text: 'é'.repeat(5000) }));
    const text = serverInstructionsText(many);
    const bodies = text.split('\n').filter((l) => l.startsWith('é'));
    expect(bodies.every((b) => Buffer.byteLength(b) <= PER_SERVER_BYTES + 20)).toBe(true);
    expect(bodies.reduce((n, b) => n + Buffer.byteLength(b), 0)).toBeLessThanOrEqual(TOTAL_BYTES + 100);
    expect(text).not.toContain('s9');
    expect(text).not.toContain('\uFFFD');
  });

  it('adds nothing when no server has instructions, and never changes the stored messages', () => {
    const messages = [
      { role: 'system', text: 'rules' },
      { role: 'user', text: 'hi' },
    ];
    expect(withServerInstructions(messages, [])).toEqual(messages);
    const turn = withServerInstructions(messages, [{ server: 'a', text: 'use me' }]);
    expect(turn[0]!.text).toMatch(/^rules\n.*untrusted/s);
    expect(messages[0]!.text).toBe('rules');
  });
});
