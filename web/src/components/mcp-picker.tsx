/**
 * The composer's MCP picker: choose an enabled server, then attach one of its resources (its text
 * is sent with the message) or use one of its prompts (filled in, it goes into the message box to
 * edit before sending).
 */
import { useEffect, useState } from 'react';
import { useRpc } from '../rpc/use-rpc';
import { rpc } from '../state/cowork';
import { McpBrowser } from './mcp-browser';

export interface ResourceAttachment {
  server: string;
  uri: string;
  text: string;
}

/** A message holds at most 100 000 characters: each attachment is cut to fit its share. */
const MESSAGE_MAX = 100_000;

/** The message as sent: what the person typed, then each attached resource, fenced and named. */
export function withAttachments(typed: string, attachments: ResourceAttachment[]): string {
  if (attachments.length === 0) return typed;
  const share = Math.floor((MESSAGE_MAX - typed.length - 200 * attachments.length) / attachments.length);
  const blocks = attachments.map((a) => {
    const text = a.text.length > share ? `${a.text.slice(0, Math.max(0, share))}\n[cut]` : a.text;
    return `<attachment source="mcp" server="${a.server}" uri="${a.uri.replaceAll('"', '%22')}">\n${text}\n</attachment>`;
  });
  return [typed, ...blocks].join('\n\n');
}

export function McpPicker({
  onAttach,
  onPrompt,
  onClose,
}: {
  onAttach: (a: ResourceAttachment) => void;
  onPrompt: (text: string) => void;
  onClose: () => void;
}) {
  const [servers, setServers] = useState<string[]>([]);
  const [server, setServer] = useState('');
  const page = useRpc();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the enabled servers, once per opening
  useEffect(() => {
    void page.run(rpc.call('mcp.list', {}), (r) => {
      const on = r.servers.filter((s) => s.enabled).map((s) => s.name);
      setServers(on);
      setServer((s) => s || on[0] || '');
    });
  }, []);
  return (
    <div className="mcp-picker" role="dialog" aria-label="MCP resources and prompts" data-testid="mcp-picker">
      <div className="mcp-picker-head">
        <select value={server} onChange={(e) => setServer(e.target.value)} aria-label="MCP server">
          {servers.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {servers.length === 0 && !page.busy && (
        <p className="muted">No MCP server is on: turn one on in Settings → MCP servers.</p>
      )}
      {server && (
        <McpBrowser
          key={server}
          server={server}
          resourceAction="Attach"
          onResource={(uri, text) => onAttach({ server, uri, text })}
          onPrompt={(text) => onPrompt(text)}
        />
      )}
    </div>
  );
}
