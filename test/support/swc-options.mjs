/**
 * How the TypeScript sources are compiled when they run unbuilt: by Jest (jest.config.js, through
 * @swc/jest) and by worker threads started from the sources (worker-typescript-hooks.mjs). One
 * copy, so the tests and their worker threads compile the same way. ES modules, because NestJS 12
 * ships as ES modules only; decorator metadata, because Nest's injection reads it.
 */
export const SWC_OPTIONS = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};
