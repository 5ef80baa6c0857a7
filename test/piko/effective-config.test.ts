import { PikoEffectiveConfig } from '../../lib/piko/effective-config';

describe('what a Piko node will use, read once for the checks and the integrations', () => {
  test('ports come from bind addresses, else Piko\'s defaults; an unreadable address is no port', () => {
    const config = new PikoEffectiveConfig({ proxy: { bind_addr: '0.0.0.0:9000' }, admin: { bind_addr: 'admin' }, cluster: { gossip: { bind_addr: '[::]:7946' } } }, []);
    expect([config.port('proxy'), config.port('upstream'), config.port('admin'), config.port('gossip')]).toEqual([9000, 8001, undefined, 7946]);
  });

  test('TLS is on where a certificate is configured', () => {
    const config = new PikoEffectiveConfig({ upstream: { tls: { cert: '/etc/piko/tls/upstream/tls.crt' } }, admin: { tls: { cert: '' } } }, []);
    expect([config.tls('proxy'), config.tls('upstream'), config.tls('admin')]).toEqual([false, true, false]);
  });

  test('auth is on with a key or JWKS endpoint in the file, or a key flag in the args', () => {
    const config = new PikoEffectiveConfig(
      { proxy: { auth: { jwks: { endpoint: 'https://auth.example.com/jwks' } } }, admin: { auth: { audience: 'piko' } } },
      ['server', '--upstream.auth.hmac-secret-key=$(PIKO_UPSTREAM_KEY)', '--admin.auth.audience=piko'],
    );
    expect([config.auth('proxy'), config.auth('upstream'), config.auth('admin')]).toEqual([true, true, false]);
    expect([...config.keyFlags('upstream')]).toEqual([['hmac_secret_key', '$(PIKO_UPSTREAM_KEY)']]);
  });
});
