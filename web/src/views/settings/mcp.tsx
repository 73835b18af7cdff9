/**
 * Settings → MCP servers: each server the person added, whether it is on and what it last said
 * (started, stopped, failed), switching one on after reviewing the tools it offers (the review is
 * the daemon's `mcp.test`), and browsing what an enabled server offers besides tools.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { McpBrowser } from '../../components/mcp-browser';
import { useRpc } from '../../rpc/use-rpc';
import { rpc } from '../../state/cowork';
import type { RpcResult } from '../../state/types';

type Server = RpcResult<'mcp.list'>['servers'][number];
type Review = RpcResult<'mcp.test'>;

/** What each server last said in the event log since this page opened: started, stopped, an error. */
function useServerStatus(): Record<string, string> {
  const [status, setStatus] = useState<Record<string, string>>({});
  useEffect(
    () =>
      rpc.onEvent((e) => {
        const server = (e.payload as { server?: string }).server;
        if (!server) return;
        const said =
          e.type === 'mcp.started'
            ? 'running'
            : e.type === 'mcp.stopped'
              ? 'stopped'
              : e.type === 'mcp.error'
                ? `error: ${(e.payload as { message: string }).message}`
                : undefined;
        if (said) setStatus((old) => ({ ...old, [server]: said }));
      }),
    [],
  );
  return status;
}

/** What turning a stdio server on consents to: how it is launched, what it may touch, what is offered. */
function Consent({
  server,
  review,
  takeOffered,
  onTakeOffered,
}: {
  server: Server;
  review: NonNullable<Review['review']>;
  takeOffered: boolean;
  onTakeOffered: (take: boolean) => void;
}) {
  const { launch, dataDir, offeredGrants } = review;
  return (
    <div className="mcp-consent" data-testid="mcp-consent">
      <p>{launch.note}</p>
      {launch.registryHost && (
        <p className="muted">
          Installs {launch.packages.join(', ')} once from <code>{launch.registryHost}</code> into{' '}
          <code>{launch.cache}</code>; later starts use no network.
        </p>
      )}
      <p className="muted">
        Its own folder: <code>{dataDir}</code>.{' '}
        {server.grants.length > 0
          ? `Your folders: ${server.grants.map((g) => `${g.path} (${g.mode === 'rw' ? 'read-write' : 'read-only'})`).join(', ')}.`
          : 'None of your folders.'}{' '}
        {server.hosts.length > 0 ? `Hosts: ${server.hosts.join(', ')}.` : 'No network.'}
      </p>
      {offeredGrants.length > 0 && (
        <label>
          <input type="checkbox" checked={takeOffered} onChange={(e) => onTakeOffered(e.target.checked)} />{' '}
          Also let it read {offeredGrants.map((g) => g.path).join(', ')} (on its command line; read-only)
        </label>
      )}
    </div>
  );
}

function ReviewCard({ review, consent }: { review: Review; consent: ReactNode }) {
  return (
    <div className="mcp-review" data-testid="mcp-review">
      {consent}
      {review.server && (
        <p>
          It says it is <strong>{review.server.title ?? review.server.name}</strong> {review.server.version}.
        </p>
      )}
      <p>
        {review.tools.length} tools, {review.resources.length} resources, {review.prompts.length} prompts.
      </p>
      <ul className="rows">
        {review.tools.map((t) => (
          <li key={t.name}>
            <strong>{t.name}</strong> <span className="muted">{t.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ServerRow({
  server,
  status,
  onChange,
}: {
  server: Server;
  status: string | undefined;
  onChange: () => void;
}) {
  const [review, setReview] = useState<Review | null>(null);
  const [takeOffered, setTakeOffered] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const [preview, setPreview] = useState<{ title: string; text: string } | null>(null);
  const act = useRpc('form');
  const setEnabled = (enabled: boolean) =>
    void act.run(
      rpc.call('mcp.enable', { name: server.name, enabled, grantOffered: enabled && takeOffered }),
      () => {
        setReview(null);
        if (!enabled) setBrowsing(false);
        onChange();
      },
    );
  return (
    <li className="mcp-server" data-testid={`mcp-server-${server.name}`}>
      <div className="mcp-server-head">
        <strong>{server.name}</strong>
        <code className="muted">
          {server.transport === 'stdio' ? [server.command, ...(server.args ?? [])].join(' ') : server.url}
        </code>
        <span className={server.enabled ? 'ok' : 'muted'}>{server.enabled ? 'on' : 'off'}</span>
        {status && (
          <span className="muted" data-testid="mcp-status">
            {status}
          </span>
        )}
        {server.enabled ? (
          <>
            <button type="button" onClick={() => setBrowsing(!browsing)}>
              {browsing ? 'Close' : 'Browse'}
            </button>
            <button type="button" className="danger" onClick={() => setEnabled(false)}>
              Turn off
            </button>
          </>
        ) : review ? (
          <button type="button" className="primary" onClick={() => setEnabled(true)}>
            Turn on with these tools
          </button>
        ) : (
          <button
            type="button"
            disabled={act.busy}
            onClick={() => void act.run(rpc.call('mcp.test', { name: server.name }), setReview)}
          >
            {act.busy ? 'Starting…' : 'Review tools'}
          </button>
        )}
      </div>
      {act.error && <p className="error">{act.error.message}</p>}
      {review && !server.enabled && (
        <ReviewCard
          review={review}
          consent={
            review.review && (
              <Consent
                server={server}
                review={review.review}
                takeOffered={takeOffered}
                onTakeOffered={setTakeOffered}
              />
            )
          }
        />
      )}
      {browsing && (
        <McpBrowser
          server={server.name}
          onResource={(uri, text) => setPreview({ title: uri, text })}
          onPrompt={(text, prompt) => setPreview({ title: `prompt ${prompt}`, text })}
        />
      )}
      {browsing && preview && (
        <figure className="mcp-preview" data-testid="mcp-preview">
          <figcaption>{preview.title}</figcaption>
          <pre>{preview.text}</pre>
        </figure>
      )}
    </li>
  );
}

export function McpServers() {
  const [servers, setServers] = useState<Server[]>([]);
  const page = useRpc();
  const status = useServerStatus();
  const load = () => void page.run(rpc.call('mcp.list', {}), (r) => setServers(r.servers));
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once, then after each change
  useEffect(load, []);
  return (
    <section>
      <h2>MCP servers</h2>
      <p className="muted">
        Add servers with <code>cowork mcp add</code> or <code>cowork mcp import</code>. A new server stays off
        until you have reviewed its tools.
      </p>
      {servers.length === 0 && <p className="muted">No MCP servers yet.</p>}
      <ul className="rows mcp-servers">
        {servers.map((s) => (
          <ServerRow key={s.name} server={s} status={status[s.name]} onChange={load} />
        ))}
      </ul>
    </section>
  );
}
