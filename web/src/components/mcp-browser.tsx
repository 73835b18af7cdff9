/**
 * What one MCP server offers besides tools, to browse: its resources (a page at a time), resource
 * templates and prompts. Choosing a resource reads it; a prompt asks for its arguments (with the
 * server's completions as suggestions) and gets it filled in. Every read passes the daemon's door
 * (`mcp.read`), audited like the agent's.
 */
import { useEffect, useState } from 'react';
import { useRpc } from '../rpc/use-rpc';
import { rpc } from '../state/cowork';
import type { RpcResult } from '../state/types';
import { FormError } from './form-error';

type Resource = RpcResult<'mcp.listResources'>['resources'][number];
type Template = RpcResult<'mcp.listResourceTemplates'>['resourceTemplates'][number];
type Prompt = RpcResult<'mcp.listPrompts'>['prompts'][number];

/** A resource's readable text: its text parts joined; bytes described. */
export function resourceText(result: RpcResult<'mcp.readResource'>): string {
  return result.contents
    .map((c) => ('text' in c ? c.text : `[${c.uri}: ${c.mimeType ?? 'binary data'}]`))
    .join('\n');
}

/** A filled-in prompt's messages as text to put in the composer. */
export function promptText(result: RpcResult<'mcp.getPrompt'>): string {
  return result.messages
    .map(({ content: c }) =>
      c.type === 'text'
        ? c.text
        : c.type === 'resource'
          ? 'text' in c.resource
            ? c.resource.text
            : `[${c.resource.uri}]`
          : c.type === 'resource_link'
            ? `[${c.uri}]`
            : `[${c.type}]`,
    )
    .join('\n\n');
}

/**
 * One list of a server (resources, templates or prompts), a page at a time, loaded when first shown;
 * a failure (a server that offers no such list) is shown in place of the list.
 */
function usePages<T>(
  load: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
  key: string,
  shown: boolean,
) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loaded, setLoaded] = useState<string | null>(null);
  const page = useRpc('form');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new server (key) starts the list again
  useEffect(() => {
    if (!shown || loaded === key) return;
    setLoaded(key);
    setItems([]);
    page.clear();
    void page.run(load(), (p) => {
      setItems(p.items);
      setCursor(p.nextCursor);
    });
  }, [key, shown]);
  const more = () =>
    cursor &&
    void page.run(load(cursor), (p) => {
      setItems((old) => [...old, ...p.items]);
      setCursor(p.nextCursor);
    });
  return { items, more: cursor ? more : undefined, busy: page.busy, error: page.error };
}

function PromptForm({
  server,
  prompt,
  onPrompt,
}: {
  server: string;
  prompt: Prompt;
  onPrompt: (text: string, prompt: string) => void;
}) {
  const args = prompt.arguments ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [suggestions, setSuggestions] = useState<Record<string, string[]>>({});
  const getting = useRpc('form');
  const suggest = (name: string, value: string, filled: Record<string, string>) =>
    void rpc
      .call('mcp.complete', {
        name: server,
        ref: { type: 'prompt', name: prompt.name },
        argument: { name, value },
        context: Object.fromEntries(Object.entries(filled).filter(([k, v]) => k !== name && v !== '')),
      })
      .then((r) => setSuggestions((old) => ({ ...old, [name]: r.values })))
      .catch(() => {});
  return (
    <form
      className="mcp-prompt-form"
      data-testid="mcp-prompt-form"
      onSubmit={(e) => {
        e.preventDefault();
        void getting.run(
          rpc.call('mcp.getPrompt', { name: server, prompt: prompt.name, arguments: values }),
          (r) => onPrompt(promptText(r), prompt.name),
        );
      }}
    >
      {args.map((a) => (
        <label key={a.name}>
          {a.title ?? a.name}
          {a.required ? ' *' : ''}
          <input
            list={`mcp-complete-${a.name}`}
            value={values[a.name] ?? ''}
            required={a.required}
            onFocus={() => suggest(a.name, values[a.name] ?? '', values)}
            onChange={(e) => {
              const next = { ...values, [a.name]: e.target.value };
              setValues(next);
              suggest(a.name, e.target.value, next);
            }}
          />
          <datalist id={`mcp-complete-${a.name}`} data-testid={`mcp-complete-${a.name}`}>
            {(suggestions[a.name] ?? []).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          {a.description && <small className="muted">{a.description}</small>}
        </label>
      ))}
      <button type="submit" className="primary" disabled={getting.busy}>
        Use prompt
      </button>
      {getting.error && <FormError>{getting.error.message}</FormError>}
    </form>
  );
}

export function McpBrowser({
  server,
  onResource,
  onPrompt,
  resourceAction = 'Read',
}: {
  server: string;
  onResource: (uri: string, text: string) => void;
  onPrompt: (text: string, prompt: string) => void;
  resourceAction?: string;
}) {
  const [tab, setTab] = useState<'resources' | 'templates' | 'prompts'>('resources');
  const [chosenPrompt, setChosenPrompt] = useState<Prompt | null>(null);
  const [uri, setUri] = useState('');
  const reading = useRpc('form');
  const resources = usePages<Resource>(
    (cursor) =>
      rpc
        .call('mcp.listResources', { name: server, ...(cursor ? { cursor } : {}) })
        .then((r) => ({ items: r.resources, nextCursor: r.nextCursor })),
    `${server}:resources`,
    tab === 'resources',
  );
  const templates = usePages<Template>(
    (cursor) =>
      rpc
        .call('mcp.listResourceTemplates', { name: server, ...(cursor ? { cursor } : {}) })
        .then((r) => ({ items: r.resourceTemplates, nextCursor: r.nextCursor })),
    `${server}:templates`,
    tab === 'templates',
  );
  const prompts = usePages<Prompt>(
    (cursor) =>
      rpc
        .call('mcp.listPrompts', { name: server, ...(cursor ? { cursor } : {}) })
        .then((r) => ({ items: r.prompts, nextCursor: r.nextCursor })),
    `${server}:prompts`,
    tab === 'prompts',
  );
  const read = (target: string) =>
    void reading.run(rpc.call('mcp.readResource', { name: server, uri: target }), (r) =>
      onResource(target, resourceText(r)),
    );

  return (
    <div className="mcp-browser" data-testid="mcp-browser">
      <nav className="tabs">
        {(['resources', 'templates', 'prompts'] as const).map((t) => (
          <button key={t} type="button" className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </nav>
      {tab === 'resources' && (
        <ul className="rows">
          {resources.error && <li className="muted">{resources.error.message}</li>}
          {resources.items.length === 0 && !resources.busy && !resources.error && (
            <li className="muted">No resources.</li>
          )}
          {resources.items.map((r) => (
            <li key={r.uri}>
              <span title={r.description}>
                <strong>{r.title ?? r.name}</strong> <code className="muted">{r.uri}</code>
              </span>
              <button type="button" onClick={() => read(r.uri)} aria-label={`${resourceAction} ${r.name}`}>
                {resourceAction}
              </button>
            </li>
          ))}
          {resources.more && (
            <li>
              <button type="button" onClick={resources.more}>
                More resources
              </button>
            </li>
          )}
        </ul>
      )}
      {tab === 'templates' && (
        <>
          <ul className="rows">
            {templates.error && <li className="muted">{templates.error.message}</li>}
            {templates.items.length === 0 && !templates.busy && !templates.error && (
              <li className="muted">No templates.</li>
            )}
            {templates.items.map((t) => (
              <li key={t.uriTemplate}>
                <span title={t.description}>
                  <strong>{t.title ?? t.name}</strong> <code className="muted">{t.uriTemplate}</code>
                </span>
                <button type="button" onClick={() => setUri(t.uriTemplate)}>
                  Fill in
                </button>
              </li>
            ))}
            {templates.more && (
              <li>
                <button type="button" onClick={templates.more}>
                  More templates
                </button>
              </li>
            )}
          </ul>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              read(uri);
            }}
          >
            <input value={uri} onChange={(e) => setUri(e.target.value)} aria-label="Resource URI" />
            <button type="submit">{resourceAction}</button>
          </form>
        </>
      )}
      {tab === 'prompts' && (
        <ul className="rows">
          {prompts.error && <li className="muted">{prompts.error.message}</li>}
          {prompts.items.length === 0 && !prompts.busy && !prompts.error && (
            <li className="muted">No prompts.</li>
          )}
          {prompts.items.map((p) => (
            <li key={p.name} className="mcp-prompt">
              <span>
                <strong>{p.title ?? p.name}</strong> <span className="muted">{p.description}</span>
              </span>
              <button type="button" onClick={() => setChosenPrompt(chosenPrompt?.name === p.name ? null : p)}>
                {chosenPrompt?.name === p.name ? 'Close' : 'Choose'}
              </button>
              {chosenPrompt?.name === p.name && <PromptForm server={server} prompt={p} onPrompt={onPrompt} />}
            </li>
          ))}
          {prompts.more && (
            <li>
              <button type="button" onClick={prompts.more}>
                More prompts
              </button>
            </li>
          )}
        </ul>
      )}
      {reading.error && <FormError>{reading.error.message}</FormError>}
    </div>
  );
}
