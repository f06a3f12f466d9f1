/**
 * Whether two values serialise to the same JSON, without serialising them: the test that lets a
 * long-running build take a page's fingerprint from the last build (src/build/plan.ts
 * `PrintMemo`). Strings are compared as values, and a string both sides share (an article's
 * rendered body, kept by the parse store) compares in constant time, so comparing a page with
 * its last version costs a walk over its fields instead of `JSON.stringify` and a hash.
 *
 * It answers `true` only when `JSON.stringify(a) === JSON.stringify(b)`, following
 * JSON.stringify's rules (https://tc39.es/ecma262/#sec-serializejsonproperty): keys in order,
 * properties whose value is `undefined`, a function or a symbol left out, array elements of those
 * kinds written as `null`. Where it cannot tell cheaply (an object with `toJSON`, such as a
 * `Date`; a `Map`; any object that is not plain data; `NaN`) it answers `false`, which only costs
 * the caller a serialisation.
 */

/** JSON.stringify leaves these out of objects and writes them as null in arrays. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** The keys JSON.stringify writes for `value`, in its order, but those in `skip`. */
function writtenKeys(value: Record<string, unknown>, keys: readonly string[], skip: ReadonlySet<string> | undefined): string[] {
  return keys.filter((key) => !isSkipped(value[key]) && !skip?.has(key));
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * True when `a` and `b` serialise to the same JSON; `skip` names top-level keys of two objects to
 * leave out of the comparison (as if deleted from both). False when unsure.
 */
export function jsonEqual(a: unknown, b: unknown, skip?: ReadonlySet<string>): boolean {
  // One value, or one object: the same JSON now (JSON.stringify throws for a bigint).
  if (a === b) return typeof a !== "bigint";
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      const left: unknown = a[index];
      const right: unknown = b[index];
      if (isSkipped(left) || left === null) {
        if (!(isSkipped(right) || right === null)) return false;
      } else if (!jsonEqual(left, right)) return false;
    }
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = Object.keys(left);
  let otherKeys = Object.keys(right);
  // The usual case, two objects made by the same code: the same keys in the same order, each
  // written by both or by neither (or left out of the comparison by both).
  if (sameKeys(keys, otherKeys)) {
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      if (skip?.has(key)) continue;
      const value = left[key];
      if (isSkipped(value) ? !isSkipped(right[key]) : !jsonEqual(value, right[key])) return false;
    }
    return true;
  }
  keys = writtenKeys(left, keys, skip);
  otherKeys = writtenKeys(right, otherKeys, skip);
  if (keys.length !== otherKeys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key !== otherKeys[index] || !jsonEqual(left[key], right[key])) return false;
  }
  return true;
}
