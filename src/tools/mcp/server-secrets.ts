/**
 * An MCP server's secrets — env values that look like secrets (`GITHUB_PERSONAL_ACCESS_TOKEN`, a
 * `ghp_…` value) and every static HTTP header (they carry API keys) — live in the secret store the
 * providers' keys use. The stored row, and every answer and log built from it, holds only MASKED in
 * their place: the real values are put back for the server's start and go nowhere else.
 */
import { CoworkError, type McpServerConfig } from '../../contracts/index.js';
import { isSecretEnv } from '../../enclave/index.js';
import type { SecretStore } from '../../store/index.js';

/** What a secret value reads as in the database, in `mcp list` and in every RPC answer. */
export const MASKED = '[secret]';

type Kind = 'env' | 'headers';
const KINDS: Kind[] = ['env', 'headers'];

const isSecret = (kind: Kind, name: string, value: string) => kind === 'headers' || isSecretEnv(name, value);

/** Where one value is kept in the secret store; the server's name and the kind scope it. */
const secretName = (server: string, kind: Kind, name: string) => `mcp:${server}:${kind}:${name}`;

export class ServerSecrets {
  constructor(private readonly secrets: SecretStore | undefined) {}

  /**
   * Moves `config`'s secret values to the secret store and returns it with MASKED in their place.
   * A value already MASKED keeps what the store holds (`mcp enable` and edits pass the row back).
   */
  seal(config: McpServerConfig, previous: McpServerConfig | undefined): McpServerConfig {
    const sealed = { ...config };
    for (const kind of KINDS) {
      const values: Record<string, string> = {};
      for (const [name, value] of Object.entries(config[kind])) {
        if (value === MASKED) {
          if (previous?.[kind][name] !== MASKED)
            throw new CoworkError(
              'INVALID_ARGUMENTS',
              `${kind} ${name} of "${config.name}" has no stored value.`,
            );
        } else if (isSecret(kind, name, value)) {
          this.#store().set(secretName(config.name, kind, name), value);
        } else {
          values[name] = value;
          continue;
        }
        values[name] = MASKED;
      }
      sealed[kind] = values;
    }
    return sealed;
  }

  /** Deletes the secrets `previous` had that `now` no longer keeps (all of them when it is gone). */
  drop(previous: McpServerConfig | undefined, now: McpServerConfig | undefined): void {
    if (!previous) return;
    for (const kind of KINDS)
      for (const [name, value] of Object.entries(previous[kind]))
        if (value === MASKED && now?.[kind][name] !== MASKED)
          this.secrets?.delete(secretName(previous.name, kind, name));
  }

  /** Whether `config` still holds a secret in the clear (a row written before secrets moved out). */
  holdsPlain(config: McpServerConfig): boolean {
    return KINDS.some((kind) =>
      Object.entries(config[kind]).some(([name, value]) => value !== MASKED && isSecret(kind, name, value)),
    );
  }

  get available(): boolean {
    return this.secrets !== undefined;
  }

  /** `config` with its real values, for the server's start only. */
  reveal(config: McpServerConfig): McpServerConfig {
    const revealed = { ...config };
    for (const kind of KINDS) {
      revealed[kind] = Object.fromEntries(
        Object.entries(config[kind]).map(([name, value]) => {
          if (value !== MASKED) return [name, value];
          const secret = this.secrets?.get(secretName(config.name, kind, name));
          if (secret === undefined)
            throw new CoworkError(
              'UNAVAILABLE',
              `The secret store has no value for ${kind} ${name} of MCP server "${config.name}"; add the server again with it.`,
            );
          return [name, secret];
        }),
      );
    }
    return revealed;
  }

  #store(): SecretStore {
    if (!this.secrets) throw new CoworkError('UNAVAILABLE', 'No secret store to keep MCP secrets in.');
    return this.secrets;
  }
}
