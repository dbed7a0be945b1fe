// The pages are served by the server from the files built here (dist/),
// embedded in its binary: no request leaves the machine when a page loads.
// Assets live under /console/assets/, where the console will be served.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // GraphiQL is one page of a few megabytes; the warning is expected.
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { graphiql: "graphiql.html" },
    },
  },
});
