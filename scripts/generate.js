#!/usr/bin/env node
// Regenerates every protocols/**/pb/*.ts from its .proto with protons.
// Generated files are committed and never edited by hand.
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
console.log(`generated ${protos.length} file(s): ${protos.join(', ')}`)
