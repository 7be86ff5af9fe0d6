import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The API process serves dist/ at / (api/web.py); `npm run dev` proxies the API for development.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { "/v1": "http://127.0.0.1:8000" } },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
