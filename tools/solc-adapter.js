#!/usr/bin/env node
// A drop-in for the native `solc` binary, backed by the npm `solc` package (solc-js).
//
// py-solc-x (and so ape-solidity) only needs two things from a compiler binary:
//   solc --version                  -> the native banner, parsed for "Version: X.Y.Z"
//   solc --standard-json [flags]    -> Standard JSON in on stdin, Standard JSON out on stdout
// Path flags (--base-path, --include-path, --allow-paths) are honoured by the import
// callback so that sources given as "urls" or imported by relative/remapped paths resolve
// exactly as the native binary would resolve them.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const args = process.argv.slice(2);

function banner() {
  const long = solc.version().replace('Emscripten.clang', 'Linux.g++');
  return `solc, the solidity compiler commandline interface\nVersion: ${long}\n`;
}

function flagValues(name) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && i + 1 < args.length) out.push(args[++i]);
    else if (args[i].startsWith(name + '=')) out.push(args[i].slice(name.length + 1));
  }
  return out;
}

if (args.includes('--version')) {
  process.stdout.write(banner());
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write('solc-adapter: only --version and --standard-json are supported\n');
  process.exit(1);
}

const basePath = flagValues('--base-path')[0] || process.cwd();
const includePaths = flagValues('--include-path');
const allowPaths = flagValues('--allow-paths').flatMap((v) => v.split(','));
const roots = [basePath, ...includePaths, ...allowPaths, process.cwd()].filter(Boolean);

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : roots.map((root) => path.resolve(root, importPath));
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    } catch (_) {
      // try the next root
    }
  }
  return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` };
}

const input = fs.readFileSync(0, 'utf8');
process.stdout.write(solc.compile(input, { import: findImports }));
