import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri serves dist/ from its own protocol; no remote content, no CDN.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
