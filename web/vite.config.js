// vite.config.js - one multi-page build of the three web apps into web/dist:
// /console/ (staff, Element Plus), /m/ (citizens and grid workers, Vant) and
// /bigscreen/ (ECharts). The C server serves web/dist with a strict CSP
// (script-src 'self', no eval), so everything is bundled: Vue's runtime-only
// build with SFCs compiled here, no CDN, no remote fonts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Vant's icon font lists a woff2 data: URI and then a remote woff fallback
// (at.alicdn.com). Browsers take the woff2, but nothing remote belongs in the
// bundle, so the fallback is cut; the check below keeps any other one out.
function noRemoteUrls() {
  const remote = /url\(\s*["']?(?:https?:)?\/\//i;
  return {
    name: 'fengqiao-no-remote-urls',
    transform(code, id) {
      if (/[\\/]node_modules[\\/]vant[\\/].*\.css$/.test(id)) {
        return { code: code.replace(/,\s*url\(\s*["']?\/\/at\.alicdn\.com[^)]*\)\s*format\(["']?woff["']?\)/g, ''), map: null };
      }
      return null;
    },
    generateBundle(_, bundle) {
      for (const f of Object.values(bundle)) {
        if (f.type === 'asset' && f.fileName.endsWith('.css') && remote.test(String(f.source))) {
          const at = String(f.source).match(remote).index;
          this.error(`${f.fileName} loads a remote resource, which the CSP forbids: ${String(f.source).slice(at, at + 120)}`);
        }
      }
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [vue(), noRemoteUrls()],
  resolve: {
    alias: { '@shared': here('shared') },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // The console's Element Plus chunk is large by nature; it is cached for a year.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        console: here('console/index.html'),
        m: here('m/index.html'),
        bigscreen: here('bigscreen/index.html'),
      },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // Libraries in their own chunks: an app change does not invalidate them.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 30 },
            { name: 'element-plus', test: /[\\/]node_modules[\\/](element-plus|@element-plus|@vueuse|lodash-es|lodash-unified|dayjs|@floating-ui|@popperjs|async-validator|memoize-one|normalize-wheel-es|@ctrl)[\\/]/, priority: 20 },
            { name: 'vant', test: /[\\/]node_modules[\\/](vant|@vant)[\\/]/, priority: 20 },
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
