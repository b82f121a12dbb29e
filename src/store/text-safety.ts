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
/** A quick first look: text without NUL or any surrogate (most text) needs no closer one. */
const MAYBE_UNSTORABLE = /[\0\ud800-\udfff]/;

function needsReplacing(text: string): boolean {
  return MAYBE_UNSTORABLE.test(text) && UNSTORABLE.test(text);
}

/**
 * The text with each NUL and lone surrogate replaced by U+FFFD, the mark a reader recognises as "a
 * character was lost here". Replaced rather than removed, so two different values never become one.
 */
export function storableText(text: string): string {
  return needsReplacing(text) ? text.replace(UNSTORABLE_ALL, '\uFFFD') : text;
}

/** A query parameter made storable: a string, or the strings of an array (PostgreSQL arrays). */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return sameOrChanged(value, storableValue);
  return value;
}

/**
 * Makes every value a query sends storable, on both engines. Registered on every Kysely instance the
 * store opens. The tree is scanned without copying; only a query that holds such a character is rebuilt,
 * so the ordinary query pays for a walk over a few dozen nodes and nothing else.
 */
export class TextSafetyPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as unknown as NodeLike;
    // Almost every query holds no such character: a read-only scan finds that without allocating.
    return (holdsUnstorable(node) ? cleanNode(node) : node) as unknown as RootOperationNode;
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

function isUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return needsReplacing(value);
  if (Array.isArray(value)) {
    for (const item of value) if (isUnstorable(item)) return true;
  }
  return false;
}

/** Whether any value in the tree needs cleaning. */
function holdsUnstorable(node: NodeLike): boolean {
  if (node.kind === 'ValueNode') return isUnstorable(node['value']);
  if (node.kind === 'PrimitiveValueListNode') return isUnstorable(node['values']);
  for (const key in node) {
    const child = node[key];
    if (typeof child !== 'object' || child === null) continue;
    if (Array.isArray(child)) {
      for (const item of child as readonly unknown[]) if (isNode(item) && holdsUnstorable(item)) return true;
    } else if (isNode(child) && holdsUnstorable(child)) {
      return true;
    }
  }
  return false;
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
