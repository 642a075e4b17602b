#!/usr/bin/env node
'use strict';
// `npx sisbridge …` runs the compiled CLI (build with `npm run build`).
require('../dist/main.js');
