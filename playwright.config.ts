import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Chromium: $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium when it
 * exists, else Playwright's own download (`npx playwright install chromium`).
 */
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** SwiftShader gives headless Chromium WebGL2 without a GPU. */
const BROWSER_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];
/** And a WebGPU adapter (correct, not fast) on an http origin. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173/',
    // Recording a trace (DOM snapshots and screenshots of every step) slowed the suite by about a fifth under the
    // software renderer (9 tests: 122 s against 99 s); `npx playwright test --trace retain-on-failure` records one.
    trace: 'off',
    launchOptions: { executablePath, args: BROWSER_ARGS },
  },
  projects: [
    // The default browser has no WebGPU adapter: the app must behave as it always has.
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /webgpu\.spec\.ts/ },
    {
      name: 'webgpu',
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: [...BROWSER_ARGS, ...WEBGPU_ARGS] } },
      testMatch: /webgpu\.spec\.ts/,
    },
  ],
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173/',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
