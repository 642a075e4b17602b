import express, { Router } from 'express';
import type { OAuthTokens } from '../http/oauth-tokens';

/**
 * `POST /oauth/access_token` (§1.2): HTTP Basic client credentials and
 * `grant_type=client_credentials`; the answer's `expires_in` is a string, as PowerSchool sends it.
 * Failures are JSON with an `error` key.
 */
export function oauthRouter(tokens: OAuthTokens, credentials: { clientId: string; clientSecret: string }): Router {
  const router = Router();
  router.post(['/oauth/access_token', '/oauth/access_token/'], express.text({ type: () => true }), (req, res) => {
    const basic = /^Basic\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    const [clientId, clientSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s) : [];
    if (clientId !== credentials.clientId || clientSecret !== credentials.clientSecret) {
      res.setHeader('WWW-Authenticate', 'Basic realm="PowerSchool"');
      res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed' });
      return;
    }
    const body = typeof req.body === 'string' ? req.body : '';
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
      return;
    }
    const issued = tokens.issue();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ access_token: issued.token, token_type: 'Bearer', expires_in: String(issued.expiresInSeconds) });
  });
  return router;
}
