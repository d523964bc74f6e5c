// Build of the web app (web/): the operator console (index.html) and the wall (wall.html) into dist/web.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('./web/', import.meta.url));

export default defineConfig({
  root: web,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script, which the Content-Security-Policy (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    // Inlined assets would be data: URLs; keeping every asset a file keeps img-src/font-src at 'self'.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { console: `${web}index.html`, wall: `${web}wall.html` },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:9700', ws: true } },
  },
});
