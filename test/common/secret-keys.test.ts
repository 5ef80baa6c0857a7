import { isSecretLookingKey, secretLookingValues } from '../../lib/common/secret-keys';

// A key is a secret by its name, in any case style; keys that name or locate a secret are not.

test.each([
  'password', 'db_password', 'passphrase', 'passwd', 'secret', 'client_secret', 'clientSecret', 'token', 'api_token', 'apiKey', 'api-key',
  'private_key', 'privateKey', 'hmac_secret_key', 'security_key', 'encryption_key', 'access_key', 'credentials', 'TELEMETRY_TOKEN',
])('%s is a secret', (key) => {
  expect(isSecretLookingKey(key)).toBe(true);
});

test.each(['key', 'key_file', 'token_file', 'secret_name', 'password_path', 'token_ttl', 'lock_key', 'cert', 'tokenizer', 'secretary', 'bypass', 'token_url'])(
  '%s is not a secret', (key) => {
    expect(isSecretLookingKey(key)).toBe(false);
  });

test('values under secret keys are found in maps and lists, empty ones and booleans skipped', () => {
  expect(secretLookingValues({
    a: { token: 'x', password: '', enabled: true },
    list: [{ api_key: 'y' }, { name: 'z' }],
    secrets: ['s1', 's2'],
    credentials: { user: 'u', port: 5 },
    token: false,
  })).toEqual([
    { path: 'a.token', value: 'x' },
    { path: 'list[0].api_key', value: 'y' },
    { path: 'secrets[0]', value: 's1' },
    { path: 'secrets[1]', value: 's2' },
  ]);
});
