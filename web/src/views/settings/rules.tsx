/** Settings → Rules: the policy file, edited and saved whole, and "why was this decided?". */
import { useEffect, useState } from 'react';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { rpc } from '../../state/cowork';
import type { PolicyDecision, RpcParamsInput } from '../../state/types';

const ACTIONS = ['exec', 'fs.read', 'fs.write', 'fs.delete', 'net.fetch', 'browser.navigate'];

/** What the probe's one text field means for each action: a command, a host or a path. */
function checkParams(action: string, target: string): RpcParamsInput<'policy.check'> {
  const t = target.trim();
  if (action === 'exec') return { action, argv: t.split(/\s+/) };
  if (action === 'net.fetch' || action === 'browser.navigate') return { action, host: t };
  return { action, path: t };
}

export function Rules() {
  const page = useRpc();
  const saving = useRpc('form');
  const checking = useRpc('form');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [probe, setProbe] = useState({ action: 'exec', target: 'npm test' });
  const [why, setWhy] = useState<PolicyDecision | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the page opens
  useEffect(() => {
    void page.run(rpc.call('policy.get'), (p) => setText(p.text ?? 'version: 1\nrules: []\n'));
  }, []);
  return (
    <section>
      <h2>Rules</h2>
      <textarea
        className="code"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Policy rules"
        spellCheck={false}
      />
      {saving.error && <FormError testId="policy-error">{saving.error.message}</FormError>}
      {saved && !saving.error && <p className="muted">Saved (policy {saved.slice(0, 12)}).</p>}
      <button
        type="button"
        className="primary"
        onClick={() => void saving.run(rpc.call('policy.set', { text }), (r) => setSaved(r.policyHash))}
      >
        Save rules
      </button>
      <h3>Why was this decided?</h3>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void checking.run(rpc.call('policy.check', checkParams(probe.action, probe.target)), setWhy);
        }}
      >
        <select
          value={probe.action}
          onChange={(e) => setProbe({ ...probe, action: e.target.value })}
          aria-label="Action"
        >
          {ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <input
          value={probe.target}
          onChange={(e) => setProbe({ ...probe, target: e.target.value })}
          aria-label="Command, path or host"
        />
        <button type="submit">Check</button>
      </form>
      {checking.error && <FormError>{checking.error.message}</FormError>}
      {why && (
        <p data-testid="policy-why">
          <strong>{why.decision}</strong> — {why.reason}{' '}
          <span className="muted">({why.ruleId ?? why.reasonCode})</span>
        </p>
      )}
    </section>
  );
}
