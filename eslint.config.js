// Lint: the guardrails `npm test` runs first. Besides typescript-eslint's
// recommended rules: no floating promises, one import order, no console
// outside the CLI, and the folder boundaries of STYLE.md (protocols/ imports
// nothing of node/, rendezvous/ or web/; web/ imports only protocols/ and workflows/engine/;
// workflows/engine/ imports none of them and no Node built-in;
// node/ and rendezvous/ reach each other only through rendezvous/index.ts).
import importX from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

const boundary = (patterns) => ['error', { patterns }]

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '**/pb/*.ts', '**/*.generated.js', '**/*.generated.d.ts', 'web/dist/**']
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      // catch clauses and libp2p event payloads are typed `any` on purpose in places; keep the rest strict
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/order': ['error', {
        groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index', 'type'],
        'newlines-between': 'never'
      }],
      'import-x/no-duplicates': 'error',
      'no-console': 'error'
    }
  },
  {
    // the CLI, scripts, benchmarks and tests talk to a person on the console
    files: ['node/cli/**', 'scripts/**', 'test/**', 'node/devnet/**'],
    rules: { 'no-console': 'off' }
  },
  {
    files: ['protocols/**'],
    rules: {
      'no-restricted-imports': boundary([
        { group: ['**/node/**', '**/rendezvous/**', '**/web/**'], message: 'protocols/ is the wire contract: it imports nothing from node/, rendezvous/ or web/' }
      ])
    }
  },
  {
    files: ['node/**'],
    rules: {
      'no-restricted-imports': boundary([
        { group: ['**/rendezvous/*/**', '**/rendezvous/*.js', '!**/rendezvous/index.js'], message: 'node/ reaches rendezvous/ only through its public entry, rendezvous/index.ts' },
        { group: ['**/web/**'], message: 'node/ serves web/\'s built files; it does not import its code' }
      ])
    }
  },
  {
    files: ['rendezvous/**'],
    rules: {
      'no-restricted-imports': boundary([
        { group: ['**/node/**'], message: 'rendezvous/ does not reach into node/: share code through protocols/' },
        { group: ['**/web/**'], message: 'rendezvous/ serves web/\'s built files; it does not import its code' }
      ])
    }
  },
  {
    files: ['workflows/engine/**'],
    rules: {
      'no-restricted-imports': boundary([
        { group: ['**/node/**', '**/rendezvous/**', '**/web/**', '**/protocols/**'], message: 'the workflow engine stands alone: node/ and web/ import it, it imports none of them' },
        { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'events', 'buffer', 'util', 'worker_threads'], message: 'the workflow engine runs unchanged in a browser: no Node built-ins' }
      ])
    }
  },
  {
    files: ['web/**'],
    rules: {
      'no-restricted-imports': boundary([
        { group: ['**/node/**', '**/rendezvous/**'], message: 'web/ talks to the daemon through its API; it imports only from protocols/ and workflows/engine/' }
      ])
    }
  }
)
