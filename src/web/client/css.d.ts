/** Stylesheets are imported for esbuild, which bundles them into the CSS file index.html links. */
declare module '*.css';
