#!/usr/bin/env node
'use strict';
// `npx sisbridge …` runs the compiled CLI (build with `npm run build`) on Node 24 LTS. In the images
// Node is 24; in a checkout on an older Node, it hands over to the one tools/runtime chooses.
if (Number(process.versions.node.split('.')[0]) < 24) {
  const { chooseNode, handOver } = require('../../runtime/node-runtime.js');
  let node;
  try {
    node = chooseNode();
  } catch (error) {
    process.stderr.write(`sisbridge: ${error.message}\n`);
    process.exit(69);
  }
  handOver(node, 'tools/cli/dist/main.js', process.argv.slice(2));
} else {
  require('../dist/main.js');
}
