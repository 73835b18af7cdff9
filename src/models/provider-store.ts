import { CoworkError, ProviderConfig } from '../contracts/index.js';
import { ConfigTable, type Database, type SecretStore } from '../store/index.js';

/** The secret store's name for a provider's API key. */
export function providerKeyName(id: string): string {
  return `provider:${id}`;
}

/** The `authRef` of a provider whose key is in the secret store. */
export function providerAuthRef(id: string): string {
  return `secret:${providerKeyName(id)}`;
}

/** A provider's key, read from the secret store at the moment a request needs it (none without `authRef`). */
export function providerApiKey(
  provider: ProviderConfig,
  secrets: Pick<SecretStore, 'get'>,
): string | undefined {
  return provider.authRef ? secrets.get(providerKeyName(provider.id)) : undefined;
}

/** The model providers the person configured (keys live in the secret store, never here). */
export class ProviderStore {
  readonly #table: ConfigTable<ProviderConfig>;

  constructor(db: Database) {
    this.#table = new ConfigTable(db, 'providers', 'id', ProviderConfig, 'provider');
  }

  list(): ProviderConfig[] {
    return this.#table.list();
  }

  get(id: string): ProviderConfig | undefined {
    return this.#table.get(id);
  }

  put(input: unknown): ProviderConfig {
    return this.#table.put((p) => p.id, input);
  }

  remove(id: string): boolean {
    return this.#table.remove(id);
  }

  /** The first configured provider's model: the last resort when nothing else names one. */
  firstModel(): string | undefined {
    for (const p of this.list()) {
      const model = p.defaultModel ?? p.models[0]?.id;
      if (model) return `${p.id}/${model}`;
    }
    return undefined;
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
