#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx until the package ships a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
