/** A dataset's profile and scenario checked by name, and its parameters resolved with errors users can act on. */
import type { Dataset, Params } from '../core/dataset.ts';
import { ForgeError, isForgeError } from '../errors.ts';
import { closest } from './closest.ts';

export function checkChoices(dataset: Dataset, profile: string, scenario: string | undefined): void {
  if (!Object.hasOwn(dataset.profiles, profile)) {
    const c = closest(profile, Object.keys(dataset.profiles));
    throw new ForgeError(
      'UNKNOWN_PROFILE',
      `dataset ${dataset.name} has no profile "${profile}"`,
      `${c ? `did you mean ${c}? ` : ''}profiles: ${Object.keys(dataset.profiles).join(', ')}`,
    );
  }
  if (scenario !== undefined && !Object.hasOwn(dataset.scenarios ?? {}, scenario)) {
    const names = Object.keys(dataset.scenarios ?? {});
    const c = closest(scenario, names);
    throw new ForgeError(
      'UNKNOWN_SCENARIO',
      `dataset ${dataset.name} has no scenario "${scenario}"`,
      names.length ? `${c ? `did you mean ${c}? ` : ''}forge scenarios lists them` : `dataset ${dataset.name} declares no scenarios`,
    );
  }
}

/** Defaults ← profile ← scenario ← overrides, checked; any error becomes one ForgeError line. */
export function checkedParams(dataset: Dataset, profile: string, overrides: Params, scenario?: string): Params {
  try {
    return dataset.resolveParams(profile, overrides, scenario);
  } catch (e) {
    if (isForgeError(e)) throw e;
    throw new ForgeError('BAD_PARAM', `invalid parameters for ${dataset.name}: ${describeError(e)}`, 'check --set values and the profile');
  }
}

/** A zod error as `path: message; …` on one line; other errors by message. */
function describeError(e: unknown): string {
  const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (Array.isArray(issues)) return issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; ');
  return (e as Error).message;
}
