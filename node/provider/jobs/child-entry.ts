// A sandbox process started without the CLI bundle (development and tests): `node --import tsx child-entry.ts`.
import '../../polyfill.js'
import { runSandboxProcess } from './child.js'

runSandboxProcess()
