#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps compiled code between runs (as npm does): a describe call starts faster.
try { require('node:module').enableCompileCache?.(); } catch { /* optional */ }
require('../dist/src/cli/main.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
