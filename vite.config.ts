/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'threads',
    // Vitest leaves one core idle by default (1 worker on a 2-core machine); the suite's
    // files are independent, so use them all.
    maxWorkers: availableParallelism(),
    // The simulator keeps no module-level state, so files share a worker's module cache
    // (and its warmed-up JIT): the suite takes about half the time.
    isolate: false,
  },
});
