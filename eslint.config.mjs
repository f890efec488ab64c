// The lint rules that the type checker cannot express: the layer rule (which
// folder may import which), the command-id rule, and a few unsafe patterns.
// Run with `npm run lint`. Inside a layer, each folder is a room with one
// concern (capture/http, capture/kinds/events, ui/errors, ...);
// test/unit/architecture.test.ts checks that no import circle runs between
// files or rooms, and that no room grows past fifteen files.
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/**
 * The layers, lowest first. A folder may import its own layer and every layer
 * below it, nothing above: util <- sentry <- capture, source, api <- replay <-
 * cli, ui <- extension. Folders on one line are peers and do not import each
 * other. (replay: the debugger's view of an event, over sentry and source;
 * mcp: the agents' tools over captured data, the resolver and the REST API.)
 */
const LAYERS = [['util'], ['sentry'], ['capture', 'source', 'api'], ['replay', 'mcp'], ['cli', 'ui']];
const ALL = LAYERS.flat();

// A new folder under src/ is placed in a layer here before it lints: the rule cannot guess where it belongs.
const unplaced = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !ALL.includes(d.name))
  .map((d) => `src/${d.name}`);
if (unplaced.length) {
  throw new Error(`eslint.config.mjs: ${unplaced.join(', ')} is in no layer; add it to LAYERS`);
}

/** The folders a file in `folder` must not import from. */
function forbiddenFor(folder) {
  const level = LAYERS.findIndex((l) => l.includes(folder));
  return ALL.filter((f) => f !== folder && LAYERS.findIndex((l) => l.includes(f)) >= level);
}

/** An import specifier that climbs out of the folder into one of `folders` (e.g. '../../ui/x'). */
function climbsInto(folders) {
  return `^(\\.\\./)+(${folders.join('|')})(/|$)`;
}

const NO_VSCODE = {
  name: 'vscode',
  message: 'Only the shell (src/ui, src/extension.ts, src/shell.ts) imports vscode; the core runs in plain Node.',
};
const NO_EXTENSION = {
  regex: '^(\\.\\.?/)+extension$',
  message: 'src/extension.ts is the composition root: nothing imports it.',
};

const layerRules = ALL.map((folder) => {
  const forbidden = forbiddenFor(folder);
  const core = folder !== 'ui';
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: core ? [NO_VSCODE] : [],
          patterns: [
            NO_EXTENSION,
            ...(forbidden.length
              ? [
                  {
                    regex: climbsInto(forbidden),
                    message: `Layer rule: src/${folder} does not import ${forbidden.map((f) => `src/${f}`).join(', ')} (util <- sentry <- capture, source, api <- replay, mcp <- cli, ui <- extension).`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'out/**', '.vscode-test/**', 'demo/**', '**/*.d.mts', 'test/fixtures/**'],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // tsc (noUnusedLocals/Parameters) already reports these, with fewer false alarms.
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    // Type-aware rules for the shipped code: a promise nobody awaits loses its rejection.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A failure caught and dropped without a word: a comment in the block says why nothing needs doing.
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'No default exports: name the thing the file exports.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(registerCommand|registerTextEditorCommand|executeCommand)$/][arguments.0.value=/^sentry\\./]",
          message: 'Command ids come from src/ui/common/commandIds.ts (CommandIds), never a string literal.',
        },
      ],
    },
  },
  {
    // Any folder of src/ not in LAYERS yet is core until it is placed: no vscode.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/**', 'src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [NO_EXTENSION] }] },
  },
  ...layerRules,
  {
    // The extension-host suite runs as CommonJS inside the editor and loads mocha, its tests and the
    // extension's own module (the instance VS Code loaded) with require() at run time; so do the
    // test-only extensions the e2e installs beside the packaged one.
    files: ['test/electron/suite/**', 'test/e2e/extensions/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and benchmarks poke at raw JSON payloads; `any` there is a test's shorthand, not an API.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The composition root and the CLI entry sit at the top: they may import every layer.
    files: ['src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_EXTENSION] }] },
  },
  {
    // Plain-Node scripts, benchmarks and the test runner (CommonJS globals allowed where used).
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
);
