import { PikoEffectiveConfig } from '../../lib/piko/effective-config';

/** A Piko container with these env entries and args, as the StatefulSet's final JSON holds it. */
function container(env: object[] = [], args: string[] = ['server']) {
  return { name: 'piko', args, env };
}

const POD_IP = { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };

describe('what a Piko node will use, read once for the checks and the integrations', () => {
  test('ports come from bind addresses, else Piko\'s defaults; an unreadable address is no port', () => {
    const config = new PikoEffectiveConfig({ proxy: { bind_addr: '0.0.0.0:9000' }, admin: { bind_addr: 'admin' }, cluster: { gossip: { bind_addr: '[::]:7946' } } }, container());
    expect([config.port('proxy'), config.port('upstream'), config.port('admin'), config.port('gossip')]).toEqual([9000, 8001, undefined, 7946]);
  });

  test('TLS is on where a certificate is configured', () => {
    const config = new PikoEffectiveConfig({ upstream: { tls: { cert: '/etc/piko/tls/upstream/tls.crt' } }, admin: { tls: { cert: '' } } }, container());
    expect([config.tls('proxy'), config.tls('upstream'), config.tls('admin')]).toEqual([false, true, false]);
  });

  test('auth is on with a key or JWKS endpoint in the file, or a key flag in the args', () => {
    const config = new PikoEffectiveConfig(
      { proxy: { auth: { jwks: { endpoint: 'https://auth.example.com/jwks' } } }, admin: { auth: { audience: 'piko' } } },
      container([], ['server', '--upstream.auth.hmac-secret-key=$(PIKO_UPSTREAM_KEY)', '--admin.auth.audience=piko']),
    );
    expect([config.auth('proxy'), config.auth('upstream'), config.auth('admin')]).toEqual([true, true, false]);
    expect([...config.keyFlags('upstream')]).toEqual([['hmac_secret_key', '$(PIKO_UPSTREAM_KEY)']]);
  });

  test('values are read as Piko expands them: a default for an unset variable, a literal value, a pod-only value as written', () => {
    const config = new PikoEffectiveConfig({
      proxy: { bind_addr: ':${PROXY_PORT:9000}', advertise_addr: '${POD_IP}:9000' },
      upstream: { bind_addr: ':${UPSTREAM_PORT}' },
      admin: { bind_addr: ':${ADMIN_PORT:8002}', tls: { cert: '${CERT_FILE}' } },
      grace_period: '${GRACE:1m}',
    }, container([POD_IP, { name: 'UPSTREAM_PORT', value: '7001' }, { name: 'ADMIN_PORT', value: '' }]));
    expect([config.port('proxy'), config.port('upstream'), config.port('admin')]).toEqual([9000, 7001, 8002]);
    expect(config.value('proxy.advertise_addr')).toBe('${POD_IP}:9000');
    expect(config.port('gossip')).toBe(8003);
    expect(config.value('grace_period')).toBe('1m');
    // An unset variable without a default expands to nothing: no certificate, no TLS.
    expect(config.tls('admin')).toBe(false);
  });

  test('a port only the pod knows is no port; a Secret-backed key still turns auth on', () => {
    const secret = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: 'piko', key: name.toLowerCase() } } });
    const config = new PikoEffectiveConfig(
      { proxy: { bind_addr: ':${PROXY_PORT}' }, upstream: { auth: { hmac_secret_key: '${UPSTREAM_KEY}' } } },
      container([secret('PROXY_PORT'), secret('UPSTREAM_KEY')]),
    );
    expect(config.port('proxy')).toBeUndefined();
    expect(config.auth('upstream')).toBe(true);
  });
});
