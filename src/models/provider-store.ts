import { CoworkError, ProviderConfig } from '../contracts/index.js';
import type { Database } from '../store/index.js';

/** The model providers the person configured (keys live in the secret store, never here). */
export class ProviderStore {
  constructor(private readonly db: Database) {}

  list(): ProviderConfig[] {
    const rows = this.db.prepare('SELECT config FROM providers ORDER BY id').all() as { config: string }[];
    return rows.map((r) => ProviderConfig.parse(JSON.parse(r.config)));
  }

  get(id: string): ProviderConfig | undefined {
    const row = this.db.prepare('SELECT config FROM providers WHERE id = ?').get(id) as
      | { config: string }
      | undefined;
    return row ? ProviderConfig.parse(JSON.parse(row.config)) : undefined;
  }

  put(input: unknown): ProviderConfig {
    const parsed = ProviderConfig.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `Invalid provider: ${issue?.path.map(String).join('.')}: ${issue?.message}`,
      );
    }
    this.db
      .prepare(
        'INSERT INTO providers (id, config, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET config = excluded.config',
      )
      .run(parsed.data.id, JSON.stringify(parsed.data), new Date().toISOString());
    return parsed.data;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM providers WHERE id = ?').run(id).changes > 0;
  }

  /** `<providerId>/<model>` → the provider and the model name. */
  resolve(modelRef: string): { provider: ProviderConfig; model: string } {
    const slash = modelRef.indexOf('/');
    const provider = slash > 0 ? this.get(modelRef.slice(0, slash)) : undefined;
    if (!provider)
      throw new CoworkError(
        'RESOURCE_NOT_FOUND',
        `No provider for model "${modelRef}" (expected <provider>/<model>).`,
      );
    const model = modelRef.slice(slash + 1) || provider.defaultModel;
    if (!model) throw new CoworkError('INVALID_ARGUMENTS', `No model given for provider ${provider.id}.`);
    return { provider, model };
  }
}
