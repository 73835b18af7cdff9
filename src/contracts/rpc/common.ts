import * as z from 'zod/mini';

/** A string between `min` and `max` characters: every string a client sends is bounded. */
export const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
export const maxStr = (max: number) => z.string().check(z.maxLength(max));
export const count = () => z.int().check(z.nonnegative());

/** Params of a method that takes none. */
export const Empty = z.strictObject({});

/** A method's contract: what a client sends and what it gets back. */
export interface RpcMethod {
  params: z.ZodMiniType;
  result: z.ZodMiniType;
}
