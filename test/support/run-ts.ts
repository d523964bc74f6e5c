import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Node arguments that run a TypeScript entry point from any working directory (tsx's loader, by URL). */
export const TS_NODE_ARGS: readonly string[] = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
