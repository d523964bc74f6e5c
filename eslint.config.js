// Lint rules, including the import boundaries of the architecture (DESIGN.md §2): a wrong arrow fails lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FOLDERS = ['core', 'config', 'store', 'collector', 'alerter', 'forensics', 'sla', 'dashboard', 'cli', 'lab'];

/** Which src/ folders each folder may import (itself always allowed). */
const MAY_IMPORT = {
  core: [],
  config: ['core'],
  store: ['core', 'config'],
  collector: ['core', 'config'],
  alerter: ['core', 'config'],
  forensics: ['core', 'config'],
  sla: ['core', 'config'],
  dashboard: ['core', 'config'],
  lab: ['core'],
};

/** Dashboard may use the public entry point of these, never their internals. */
const DASHBOARD_ENTRY_POINTS = ['alerter', 'forensics', 'sla'];

function boundaryFor(folder) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other));
  const patterns = forbidden.flatMap((other) => {
    const group = [`**/${other}/*`, `**/${other}/**`, `**/${other}/index.js`];
    if (folder === 'dashboard' && DASHBOARD_ENTRY_POINTS.includes(other)) {
      return [{ group: [`**/${other}/**`, `!**/${other}/index.js`], message: `dashboard may import only ${other}/index.js (DESIGN.md §2)` }];
    }
    return [{ group, message: `${folder}/ may not import ${other}/ (DESIGN.md §2)` }];
  });
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**', 'src/dashboard/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // vite.config.ts is type-checked by web/tsconfig.node.json, which the project service does not find by itself.
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['vite.config.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  ...Object.keys(MAY_IMPORT).map(boundaryFor),
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
