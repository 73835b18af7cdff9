/**
 * A patch of an object schema: every field optional, and absent means "leave it as it is".
 * `z.partial` is not that: a field with a default comes out of the parse filled with its default,
 * so an edit of one field silently resets the others (a lesson's `kind` to soft, a task's
 * `priority` to 0). Patches are built with `patchOf` instead.
 */
import * as z from 'zod/mini';

type WithoutDefault<T> = T extends z.ZodMiniDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.core.$ZodShape> = {
  [K in keyof S]: z.ZodMiniOptional<WithoutDefault<S[K]>>;
};

export function patchOf<S extends z.core.$ZodShape>(
  schema: z.ZodMiniObject<S>,
): z.ZodMiniObject<PatchShape<S>, z.core.$strict> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const def = (field as z.core.$ZodType)._zod.def as { type: string; innerType?: z.core.$ZodType };
    shape[key] = z.optional(def.type === 'default' && def.innerType ? def.innerType : field);
  }
  return z.strictObject(shape) as unknown as z.ZodMiniObject<PatchShape<S>, z.core.$strict>;
}
