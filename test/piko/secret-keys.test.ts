import { EnvValue, Secret } from 'cdk8s-plus-28';
import { PikoClusterProps } from '../../lib';
import { pikoSynthError, synthPiko } from '../support/synth';

// Every key of server.yaml named like a secret, the tenants' HMAC keys included, must be a
// reference Piko expands from an env var that comes from a Secret.

const fromSecret = (key: string) => EnvValue.fromSecretValue({ secret: Secret.fromSecretName(undefined as any, 'x', 'piko-tenants'), key });
const tenant = (key: string) => ({ upstream: { tenants: [{ id: 'team-a', auth: { hmac_secret_key: key } }] } });
const RULE = 'must be a ${VAR} reference to an env var from a Secret: a literal secret in the ConfigMap is readable by anyone who can read the namespace';

function expectSynthFailure(props: PikoClusterProps, line: string): string {
  const message = pikoSynthError(props);
  expect(message).toContain(`[test/piko] PikoCluster ${line}`);
  return message;
}

test('a tenant\'s literal HMAC key is refused without echoing it', () => {
  const message = expectSynthFailure({ config: tenant('tenant-secret-value') },
    `ConfigMap "piko" server.yaml upstream.tenants[0].auth.hmac_secret_key ${RULE} (found "<a literal secret>"). Fix: read it into an env var from a Secret (env: { HMAC_SECRET_KEY: EnvValue.fromSecretValue(...) }) and write "\${HMAC_SECRET_KEY}" in its place`);
  expect(message).not.toContain('tenant-secret-value');
});

test.each(['${TENANT_KEY}', '$TENANT_KEY', '${TENANT_KEY:}'])('a tenant key %s of a Secret-backed variable is accepted', (reference) => {
  expect(() => synthPiko({ env: { TENANT_KEY: fromSecret('team-a') }, config: tenant(reference) })).not.toThrow();
});

test('a reference with a default puts the default in the ConfigMap', () => {
  const message = expectSynthFailure({ env: { TENANT_KEY: fromSecret('team-a') }, config: tenant('${TENANT_KEY:fallback-secret}') },
    `ConfigMap "piko" server.yaml upstream.tenants[0].auth.hmac_secret_key ${RULE} (found "\${TENANT_KEY:<a literal default>}")`);
  expect(message).not.toContain('fallback-secret');
});

test('a reference to a plain env var is no better than a literal', () => {
  expectSynthFailure({ env: { TENANT_KEY: EnvValue.fromValue('plain') }, config: tenant('${TENANT_KEY}') },
    `ConfigMap "piko" server.yaml upstream.tenants[0].auth.hmac_secret_key ${RULE} (found "\${TENANT_KEY}")`);
});

test('a listener\'s literal HMAC key points at PikoAuth.hmac()', () => {
  expectSynthFailure({ config: { admin: { auth: { hmac_secret_key: 'x' } } } },
    `ConfigMap "piko" server.yaml admin.auth.hmac_secret_key ${RULE} (found "<a literal secret>"). Fix: use PikoAuth.hmac(secretName, key)`);
});
