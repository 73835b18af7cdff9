/**
 * Usage and cost. Prices are USD per million tokens; the table a person edits
 * (`COWORK_HOME/prices.json`, `{ "<provider>/<model>" or "<model>": { "input": n, "output": n } }`)
 * overrides these defaults. Local models cost nothing; unknown ones have no cost (null), not a guess.
 */
import { readConfigJson } from '../store/index.js';

export interface Price {
  input: number;
  output: number;
}

const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
};

export class PriceTable {
  readonly #prices: Record<string, Price>;

  constructor(file?: string) {
    let custom: Record<string, Price> = {};
    try {
      custom = ((file ? readConfigJson(file) : undefined) ?? {}) as Record<string, Price>;
    } catch {
      // A broken price table means unknown prices (null), not made-up ones.
    }
    this.#prices = { ...DEFAULT_PRICES, ...custom };
  }

  /** Cost in USD, or null when the model's price is unknown. Local providers pass `local`. */
  cost(modelRef: string, tokensIn: number, tokensOut: number, local: boolean): number | null {
    if (local) return 0;
    const model = modelRef.slice(modelRef.indexOf('/') + 1);
    const price = this.#prices[modelRef] ?? this.#prices[model] ?? this.#byPrefix(model);
    if (!price) return null;
    return (tokensIn * price.input + tokensOut * price.output) / 1_000_000;
  }

  #byPrefix(model: string): Price | undefined {
    const key = Object.keys(this.#prices)
      .filter((k) => model.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    return key ? this.#prices[key] : undefined;
  }
}
