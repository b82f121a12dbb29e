import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Text both engines store. PostgreSQL refuses a NUL character in any text value (the whole statement
 * fails), and a lone UTF-16 surrogate has no UTF-8 form, so each engine's driver would mangle it its own
 * way. Both come from outside (a Subject header, a form field with `%00`), so every string a query sends
 * is made storable here, once, rather than trusted to each caller.
 */

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * The text with each NUL and lone surrogate replaced by U+FFFD, the mark a reader recognises as "a
 * character was lost here". Replaced rather than removed, so two different values never become one.
 */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '\uFFFD') : text;
}

/** A query parameter made storable: a string, or the strings of an array (PostgreSQL arrays). */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return sameOrChanged(value, storableValue);
  return value;
}

/**
 * Makes every value a query sends storable, on both engines. Registered on every Kysely instance the
 * store opens. The tree is walked without copying; only a query that holds such a character is rebuilt,
 * so the ordinary query pays for a walk over a few dozen nodes and nothing else.
 */
export class TextSafetyPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return cleanNode(args.node as unknown as NodeLike) as unknown as RootOperationNode;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

type NodeLike = Readonly<Record<string, unknown>> & { kind: string };

function isNode(value: unknown): value is NodeLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** The node itself when nothing in it changes, else a copy with only the changed parts replaced. */
function cleanNode(node: NodeLike): NodeLike {
  if (node.kind === 'ValueNode') {
    const value = storableValue(node['value']);
    return value === node['value'] ? node : { ...node, value };
  }
  if (node.kind === 'PrimitiveValueListNode') {
    const values = node['values'] as readonly unknown[];
    const cleaned = sameOrChanged(values, storableValue);
    return cleaned === values ? node : { ...node, values: cleaned };
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    const child = node[key];
    let cleaned: unknown = child;
    if (isNode(child)) cleaned = cleanNode(child);
    else if (Array.isArray(child)) {
      cleaned = sameOrChanged(child as readonly unknown[], (item) => (isNode(item) ? cleanNode(item) : item));
    }
    if (cleaned !== child) {
      copy ??= { ...node };
      copy[key] = cleaned;
    }
  }
  return copy === undefined ? node : (copy as NodeLike);
}

/** The same array when `clean` changes no item, else a new one. */
function sameOrChanged(items: readonly unknown[], clean: (item: unknown) => unknown): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const cleaned = clean(item);
    if (cleaned !== item) {
      copy ??= items.slice();
      copy[index] = cleaned;
    }
  }
  return copy ?? items;
}
