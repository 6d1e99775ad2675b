#!/usr/bin/env node
// The CLI is bundled by `npm run build` (which `npm install` runs through the prepare script).
import '../dist/cli/main.js';
