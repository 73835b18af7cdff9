/**
 * A look-up in a table keyed by names from outside (an operation, a program, a git subcommand):
 * only the table's own keys count, so "constructor" or "__proto__" is an unknown name like any
 * other, never a hit on `Object.prototype`.
 */
export function ownValue<V>(table: { readonly [key: string]: V }, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
