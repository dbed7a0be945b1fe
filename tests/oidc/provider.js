// The OpenID provider the end-to-end tests log in through: `oidc-provider`
// on a free loopback port, with the provider's development login and consent
// pages. Started by the test harness (tests/src/oidc.rs), which reads the
// first line it prints: {"issuer": "http://127.0.0.1:PORT"}.
//
// Environment: GONGZHI_TEST_DATA_KEY (base64 of Gongzhi's data key), so an
// account can carry the keyed hash of its ID-card number the way Gongzhi
// computes it (HMAC-SHA256 under a key derived from the data key).
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

// A street of the test data: 八公山区 (340405) → 新庄孜街道 (001).
const STREET_CODE = '340405001';

function idCardHash(number) {
  const dataKey = Buffer.from(process.env.GONGZHI_TEST_DATA_KEY ?? '', 'base64');
  const macKey = createHash('sha256').update('gongzhi lookup hash v1').update(dataKey).digest();
  return createHmac('sha256', macKey).update(number).digest('base64url');
}

// Accounts by login name (the development login page takes any password).
const ACCOUNTS = {
  'street.admin': { roles: ['street_admin', 'mail_user'], area: STREET_CODE },
  'resident.li': { roles: ['resident'], id_card_hash: idCardHash('34040519900101001X') },
};

// What a client-credentials token of a district system says about its caller.
const SYSTEM_CLAIMS = { 'district-system': { roles: ['street_admin'], area: STREET_CODE } };

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const resourceServers = {
  'urn:gongzhi:api': { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } },
  'urn:gongzhi:api:opaque': { accessTokenFormat: 'opaque' },
};

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  clients: [
    {
      // Gongzhi's console: a loopback redirect on any port (RFC 8252).
      client_id: 'gongzhi',
      client_secret: 'gongzhi-test-secret',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/auth/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      client_id: 'district-system',
      client_secret: 'district-system-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  scopes: ['openid', 'gongzhi'],
  claims: { openid: ['sub'], gongzhi: ['roles', 'area', 'id_card_hash'] },
  // The ID token carries the claims of the scopes granted.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  async extraTokenClaims(_ctx, token) {
    if (token.accountId) return ACCOUNTS[token.accountId];
    return SYSTEM_CLAIMS[token.clientId];
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:gongzhi:api',
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        const server = resourceServers[resource];
        if (!server) throw new Provider.errors.InvalidTarget();
        return { scope: 'gongzhi', audience: 'gongzhi-api', accessTokenTTL: 600, ...server };
      },
    },
  },
  pkce: { required: () => true },
});

// How often the provider's keys were fetched, for the story of the key cache.
let jwksFetches = 0;
const handle = provider.callback();
server.on('request', (req, res) => {
  if (req.url === '/test/jwks-fetches') {
    res.end(String(jwksFetches));
    return;
  }
  if (req.url.startsWith('/jwks')) jwksFetches += 1;
  handle(req, res);
});
console.log(JSON.stringify({ issuer }));
