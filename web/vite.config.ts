import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dashboard: built by `npm run build` into dist/web, which every node's local API serves.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // served at the API's root; assets get content hashes and are cached for good
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // one chunk per view: the provider's page does not load the workflow editor
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false
  },
  logLevel: 'warn'
})
