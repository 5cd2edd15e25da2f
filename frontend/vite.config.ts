import { copyFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API reference at /api/docs is Swagger UI (swagger-ui-dist), copied from
// node_modules into dist/api-docs at build time; the Go binary embeds dist and
// serves the page (app/apidocs) with these files, no CDN.
function apiDocsViewer(): Plugin {
  return {
    name: 'techmarket-api-docs',
    apply: 'build',
    closeBundle() {
      const from = fileURLToPath(new URL('./node_modules/swagger-ui-dist/', import.meta.url))
      const to = fileURLToPath(new URL('./dist/api-docs/', import.meta.url))
      mkdirSync(to, { recursive: true })
      for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE']) copyFileSync(from + name, to + name)
    },
  }
}

// The Go binary embeds frontend/dist and serves it at /, with the API under /api.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Each page imports the Element Plus components (and their styles) its
    // templates use, instead of the whole library in the first script.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    apiDocsViewer(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The charts chunk (ECharts, loaded only by the pages with charts) is about 525 KB, 178 KB gzipped;
    // e2e/weight.test.mjs holds every chunk under 250 KB gzipped.
    chunkSizeWarningLimit: 600,
  },
})
