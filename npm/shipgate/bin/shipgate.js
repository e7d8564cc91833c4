#!/usr/bin/env node
// The `shipgate` command installed by npm: finds the native binary in the platform
// package npm installed next to this one (@shipgate/cli-<os>-<cpu>, an optional
// dependency) and runs it with the same arguments, stdio and exit code.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

const PLATFORMS = {
  "linux-x64": "@shipgate/cli-linux-x64",
  "linux-arm64": "@shipgate/cli-linux-arm64",
  "darwin-x64": "@shipgate/cli-darwin-x64",
  "darwin-arm64": "@shipgate/cli-darwin-arm64",
  "win32-x64": "@shipgate/cli-win32-x64",
};

function fail(message) {
  process.stderr.write(`shipgate: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  if (process.env.SHIPGATE_BINARY) {
    return process.env.SHIPGATE_BINARY;
  }
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[key];
  if (!pkg) {
    fail(`no prebuilt binary for ${key}; build it with cargo (see the README) and set SHIPGATE_BINARY`);
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(`the platform package ${pkg} is not installed (was it installed with --omit=optional?); reinstall shipgate`);
  }
  return path.join(dir, "bin", process.platform === "win32" ? "shipgate.exe" : "shipgate");
}

const result = spawnSync(binaryPath(), process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  fail(`cannot run ${binaryPath()}: ${result.error.message}`);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 1);
