import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one bundle served by Electron (app:// protocol) and by browser mode alike.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
