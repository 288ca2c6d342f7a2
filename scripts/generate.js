#!/usr/bin/env node
// Regenerates all generated code; generated files are committed and never edited by hand:
// - protocols/**/pb/*.ts from their .proto files (protons)
// - from node/config/settings.ts: the config validators and types, the README's options table (scripts/generate-config.ts)
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function findProtos (dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...findProtos(path))
    else if (name.endsWith('.proto')) found.push(path)
  }
  return found
}

const protos = findProtos('protocols')
execFileSync('npx', ['protons', ...protos], { stdio: 'inherit' })
console.log(`generated ${protos.length} protobuf module(s): ${protos.join(', ')}`)
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-config.ts'], { stdio: 'inherit' })
