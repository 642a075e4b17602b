#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The images' HEALTHCHECK (Docker and Compose; Kubernetes uses its own probes on the same paths).
 * The slim Node image has no curl, so this asks the process's own health endpoint with Node:
 * GET http://127.0.0.1:<HEALTH_PORT or PORT><path> must answer 200 within the timeout.
 *
 *   node /app/healthcheck.js [path]     path defaults to /healthz (liveness); /readyz also works
 *
 * Exit 0 when healthy, 1 otherwise (with one line on stderr saying why).
 */
const http = require('node:http');

const TIMEOUT_MS = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000);
const path = process.argv[2] || '/healthz';
const port = Number(process.env.HEALTH_PORT || process.env.PORT);

function fail(/** @type {string} */ reason) {
  process.stderr.write(`healthcheck: ${reason}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  fail('neither HEALTH_PORT nor PORT is set to a port number');
}

const request = http.get({ host: '127.0.0.1', port, path, timeout: TIMEOUT_MS }, (response) => {
  response.resume();
  if (response.statusCode === 200) process.exit(0);
  fail(`GET ${path} answered ${response.statusCode}`);
});
request.on('timeout', () => {
  request.destroy();
  fail(`GET ${path} did not answer within ${TIMEOUT_MS} ms`);
});
request.on('error', (error) => fail(`GET ${path} on port ${port}: ${error.message}`));
