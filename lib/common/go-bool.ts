// The servers decode their config weakly (Pika through chu's decoder): a boolean key also takes
// the strings strconv.ParseBool reads ("1", "t", "TRUE", "false", ...) and numbers (0 is false).
// A check that compared with `true` alone would pass `in_memory: "true"`, which Pika honours.

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** The boolean a weakly typed Go decoder reads from `value`; undefined when it reads none. */
export function goBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value !== 0 : undefined;
  }
  if (typeof value === 'string') {
    return TRUE.includes(value) ? true : FALSE.includes(value) ? false : undefined;
  }
  return undefined;
}
