import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorker } from './service-worker-plugin';

// The UI is static files the daemon serves (web/dist); it talks to the daemon over /api/ws.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), serviceWorker()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  logLevel: 'warn',
});
