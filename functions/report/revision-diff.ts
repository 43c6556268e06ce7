import { fieldLabel } from "./field-labels";

/** One cell or text that a write changed: where, what it was, what it became (absent = null). */
export interface CellChange {
  /** Dotted path from the report root, e.g. applications.rows.granted.naturalPerson. */
  path: string;
  /** The Chinese name of the place, as the form and the findings show it. */
  label?: string;
  before: unknown;
  after: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Every leaf (number, string, boolean, null) that differs between two versions of a section, in
 * document order of `after` then of what `before` had and `after` dropped. Arrays are compared by
 * index (paragraph lists, item lists), so an inserted paragraph shows as the paragraphs that moved.
 * What the inspector asks is "which cell changed from what to what", so a leaf is the unit.
 */
export function changedCells(section: string, before: unknown, after: unknown): CellChange[] {
  const changes: CellChange[] = [];
  walk(section, (before ?? null) as Json, (after ?? null) as Json, changes);
  return changes;
}

function walk(path: string, before: Json | undefined, after: Json | undefined, changes: CellChange[]): void {
  const beforeBranch = isBranch(before);
  const afterBranch = isBranch(after);
  if (!beforeBranch && !afterBranch) {
    if (!sameLeaf(before, after)) changes.push(change(path, before ?? null, after ?? null));
    return;
  }
  const keys = [...new Set([...keysOf(after), ...keysOf(before)])];
  for (const key of keys) {
    walk(`${path}.${key}`, childOf(before, key), childOf(after, key), changes);
  }
  // A branch replaced by a leaf (or the reverse): the leaf side is reported at the branch's path.
  if (beforeBranch !== afterBranch) {
    const leaf = beforeBranch ? after : before;
    if (leaf !== undefined && leaf !== null) changes.push(beforeBranch ? change(path, null, leaf) : change(path, leaf, null));
  }
}

const isBranch = (value: Json | undefined): value is Json[] | { [key: string]: Json } => typeof value === "object" && value !== null;

function keysOf(value: Json | undefined): string[] {
  if (!isBranch(value)) return [];
  return Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
}

function childOf(value: Json | undefined, key: string): Json | undefined {
  if (!isBranch(value)) return undefined;
  return Array.isArray(value) ? value[Number(key)] : value[key];
}

const sameLeaf = (a: Json | undefined, b: Json | undefined) => (a ?? null) === (b ?? null);

function change(path: string, before: Json, after: Json): CellChange {
  const label = fieldLabel(path);
  return { path, ...(label ? { label } : {}), before, after };
}
