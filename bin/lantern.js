#!/usr/bin/env node
// Runs Lantern's TypeScript command line through tsx (a runtime dependency), so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
