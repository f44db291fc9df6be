import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const crossModule = {
  regex: '^\\.\\./(?!\\.\\.|module\\.ts$)[^/]+/(?!index\\.ts$)',
  message: 'Import another module only through its index.ts.',
};
const repositories = { group: ['**/*.repository.ts'], message: 'Routes call services, never repositories.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', 'coverage/'] },
  js.configs.recommended,
  {
    // Browser scripts served to the pages.
    files: ['public/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        DOMParser: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Architecture rules: modules meet only through each other's index.ts, and routes (pages, api)
    // call services, never repositories.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossModule] }] },
  },
  {
    files: ['src/modules/**/*.pages.ts', 'src/modules/**/*.api.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossModule, repositories] }] },
  },
);
