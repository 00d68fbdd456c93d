#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx until the package ships a build.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks('./source-condition.js', import.meta.url);
await import('../src/bin.ts');
