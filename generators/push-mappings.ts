/**
 * Push mappings declared by datasets (`forge push` without --mapping): how a
 * dataset's tables become requests to the application's own API. Each
 * dataset keeps its mapping beside its generators.
 */
import type { PushMappingInput } from '../src/push/mapping.ts';

export const pushMappings: Record<string, PushMappingInput> = {};
