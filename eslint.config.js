// ESLint: typescript-eslint's strict, type-checked rules over the server, the browser client,
// the seeds, the migrations and the tests (`npm run lint`, with Prettier's check). Where a rule is
// relaxed, the reason is beside it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'test/.artifacts/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-eval': 'error',
      // Numbers in messages and SQL placeholders are the common case and print as expected.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Nest modules are classes that exist for their decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // `() => void x()` in callbacks reads well and hides nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Response shapes are classes so that the Swagger plugin can describe them; the mappers build
      // them as object literals on purpose (no constructor logic, no prototype methods).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Full-width spaces (U+3000) inside Chinese text and layout strings are meant.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
      // The tsconfig does not use noUncheckedIndexedAccess, so this rule calls the defensive checks
      // on indexed reads (`rows[0]`, a Map lookup) needless; they are not.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // For the same reason `!` is how an indexed read known to hold says so; used sparingly.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Entities are spread into plain response objects on purpose (the mappers), and `[...text]`
      // splitting by code point is what the text measurements mean.
      '@typescript-eslint/no-misused-spread': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests read response bodies (supertest types them as any) and assert on them; non-null
    // assertions there say "the test fails here if it is missing".
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tasks handed to a queue or a mock must return promises, awaiting or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/web/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
