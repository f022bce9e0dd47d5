/**
 * zod for the whole project: its tree-shakable mini API (the same checks as
 * the classic API in a fraction of the code every command would load), with
 * zod's English messages. `import * as z from '…/core/zod.ts'`, never from
 * 'zod': a namespace import lets the bundler keep only what is used.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
