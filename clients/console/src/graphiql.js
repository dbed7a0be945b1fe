// GraphiQL against this server's /graphql, from bundled code only.
// A token pasted into the headers tab ({"Authorization": "Bearer …"}) is
// kept by GraphiQL in the browser's local storage; the console's login
// cookie, when present, is sent as well (same origin).
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/graphiql.css";

const fetcher = createGraphiQLFetcher({ url: new URL("/graphql", window.location.href).toString() });

const defaultQuery = `# Gongzhi 共治 — the smart-community graph.
# Get a token with \`gongzhi token --role district-admin --area 八公山区\` and put
# {"Authorization": "Bearer <token>"} in the Headers tab below.
{
  areas(first: 5) {
    totalCount
    nodes { name kind }
  }
}
`;

createRoot(document.getElementById("root")).render(
  createElement(GraphiQL, { fetcher, defaultQuery, isHeadersEditorEnabled: true, shouldPersistHeaders: true }),
);
