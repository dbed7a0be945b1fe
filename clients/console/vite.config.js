// The pages are served by the server from the files built here (dist/),
// embedded in its binary: no request leaves the machine when a page loads.
// Assets live under /console/assets/, where the console is served.
// Two entries, split: the console (index.html, React over the typed client
// of ../ts/src) and GraphiQL (graphiql.html); they share only React.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  esbuild: { jsx: "automatic" },
  resolve: {
    // ../ts/src imports `graphql`: resolved here, so clients/ts needs no node_modules of its own.
    dedupe: ["graphql", "react", "react-dom"],
  },
  // `npm run dev`: the pages from source, asking the server at GONGZHI_URL (e.g. a local
  // `gongzhi serve --demo`) through this dev server, so the requests stay same-origin.
  server: {
    proxy: Object.fromEntries(
      ["/graphql", "/auth"].map((path) => [path, process.env.GONGZHI_URL ?? "http://127.0.0.1:8080"]),
    ),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // GraphiQL is one page of a few megabytes; the warning is expected.
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { index: "index.html", graphiql: "graphiql.html" },
    },
  },
});
