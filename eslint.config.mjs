// The lint rules of the cdk8s projects (projen's TypeScript defaults), in eslint's flat config.
import stylistic from '@stylistic/eslint-plugin';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['build/**', 'dist/**', 'node_modules/**', 'imports/**', 'coverage/**', '**/*.js', '**/*.d.ts', 'examples/go/**', 'examples/python/**'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.dev.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, '@stylistic': stylistic, 'import': importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      // Style
      '@stylistic/indent': ['error', 2],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/comma-spacing': ['error', { before: false, after: true }],
      '@stylistic/no-multi-spaces': ['error', { ignoreEOLComments: false }],
      '@stylistic/array-bracket-spacing': ['error', 'never'],
      '@stylistic/array-bracket-newline': ['error', 'consistent'],
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/object-curly-newline': ['error', { multiline: true, consistent: true }],
      '@stylistic/object-property-newline': ['error', { allowAllPropertiesOnSameLine: true }],
      '@stylistic/keyword-spacing': ['error'],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/space-before-blocks': ['error'],
      '@stylistic/member-delimiter-style': ['error'],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/max-len': ['error', {
        code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true,
      }],
      '@stylistic/quote-props': ['error', 'consistent-as-needed'],
      '@stylistic/key-spacing': ['error'],
      '@stylistic/no-trailing-spaces': ['error'],
      '@stylistic/no-multiple-empty-lines': ['error'],
      '@stylistic/eol-last': ['error', 'always'],
      'curly': ['error', 'multi-line', 'consistent'],
      'dot-notation': ['error'],
      'no-bitwise': ['error'],
      // Correctness
      '@typescript-eslint/no-require-imports': ['error'],
      '@typescript-eslint/no-floating-promises': ['error'],
      '@typescript-eslint/return-await': ['error'],
      '@typescript-eslint/no-shadow': ['error'],
      'no-duplicate-imports': ['error'],
      'import/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'bench/**', 'examples/**', 'scripts/**'], optionalDependencies: false, peerDependencies: true }],
      'import/no-unresolved': ['error'],
      'import/order': ['warn', { groups: ['builtin', 'external'], alphabetize: { order: 'asc', caseInsensitive: true } }],
      '@typescript-eslint/member-ordering': ['error', {
        default: ['public-static-field', 'public-static-method', 'protected-static-field', 'protected-static-method', 'private-static-field', 'private-static-method',
          'field', 'constructor', 'method'],
      }],
    },
  },
);
