/**
 * Cowork uses `zod/mini` (functional, tree-shakable) and imports it as `import * as z from
 * 'zod/mini'` in each file, so the bundler keeps only what is used. The classic API attaches dozens
 * of methods to every schema; with ~150 contract schemas that cost ~8 MB of daemon memory and
 * ~20 ms of start-up against a 60 MB idle budget. English messages are configured once, here.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
