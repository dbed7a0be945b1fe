// graphql-codegen: typed document nodes for the operations in src/operations/*.graphql (and for
// any `graphql(`...`)` call in src/), checked against the server's schema (../../schema.graphql,
// kept by a Rust test).
// Output goes to src/gql/, which is never edited by hand: `npm run codegen`
// writes it and CI fails if the committed copy differs.
import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/operations/**/*.graphql', 'src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // src/gql/persisted-documents.json: `gongzhi documents add` registers it.
        persistedDocuments: {
          mode: 'embedHashInDocument',
          hashPropertyName: 'documentId',
          // The server's document id: `sha256:` and the SHA-256 of the text.
          hashAlgorithm: (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`,
        },
      },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          Date: { input: 'string', output: 'string' },
          DateTime: { input: 'string', output: 'string' },
        },
      },
    },
  },
};

export default config;
