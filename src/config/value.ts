/** Values typed on a command line or in an environment variable, read as YAML (scalars and flow collections). */
import { parse } from 'yaml';

/** `20` → 20, `true` → true, `[North, South]` → a list, `{12: 1.5}` → a map; anything YAML rejects stays text. */
export function parseValue(text: string): unknown {
  try {
    const v = parse(text);
    // Numbers are plain decimals only: YAML would read 0x3, 0o7, 1e3 and .inf as numbers.
    if (typeof v === 'number' && !/^-?\d+(\.\d+)?$/.test(text.trim())) return text;
    return v === undefined ? text : v;
  } catch {
    return text;
  }
}
