// Nothing is needed for linclass itself: Vite takes its browser build and
// serves (vite dev) or emits (vite build) its worker script,
// new Worker(new URL(…, import.meta.url)), on its own. The headers make the
// page cross-origin isolated, which threads need.
import { defineConfig } from 'vite';

const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  server: { headers: isolated },
  preview: { headers: isolated },
});
