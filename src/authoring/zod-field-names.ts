import type { z } from 'zod';

const cache = new WeakMap<object, Set<string>>();

/** Every field name an object anywhere inside the schema accepts: the words a misspelt key is compared with. */
export function fieldNamesOf(schema: z.ZodType): Set<string> {
  let names = cache.get(schema);
  if (!names) {
    names = new Set();
    collect(schema, names, new Set());
    cache.set(schema, names);
  }
  return names;
}

interface DefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
}

function collect(schema: z.ZodType, names: Set<string>, seen: Set<object>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: DefLike } })._zod.def;
  const children: Array<z.ZodType | undefined> = [];
  switch (def.type) {
    case 'object':
      for (const [name, child] of Object.entries(def.shape ?? {})) {
        names.add(name);
        children.push(child);
      }
      break;
    case 'union':
      children.push(...(def.options ?? []));
      break;
    case 'lazy':
      children.push(def.getter?.());
      break;
    default:
      children.push(def.element, def.valueType, def.innerType, def.in);
  }
  for (const child of children) if (child) collect(child, names, seen);
}
