import { checkPinnedImage, parseImageReference } from '../../lib/common/image-reference';

describe('parseImageReference', () => {
  test.each([
    ['pika', { repository: 'pika' }],
    ['pika:v1', { repository: 'pika', tag: 'v1' }],
    ['pikadb/pika:v3.5.6', { repository: 'pikadb/pika', tag: 'v3.5.6' }],
    ['localhost:5000/pika:v1', { repository: 'localhost:5000/pika', tag: 'v1' }],
    ['localhost:5000/pika', { repository: 'localhost:5000/pika' }],
    ['registry.example.com:443/team/pika:1.0', { repository: 'registry.example.com:443/team/pika', tag: '1.0' }],
    ['pika@sha256:abc123', { repository: 'pika', digest: 'sha256:abc123' }],
    ['pika:v1@sha256:abc123', { repository: 'pika', tag: 'v1', digest: 'sha256:abc123' }],
    ['localhost:5000/pika:v1@sha256:abc123', { repository: 'localhost:5000/pika', tag: 'v1', digest: 'sha256:abc123' }],
    ['localhost:5000/pika@sha256:abc123', { repository: 'localhost:5000/pika', digest: 'sha256:abc123' }],
  ])('parses %j', (image, expected) => {
    const reference = parseImageReference(image);
    expect(reference).toEqual(expected);
    expect(reference.tag).toBe((expected as { tag?: string }).tag);
    expect(reference.digest).toBe((expected as { digest?: string }).digest);
  });
});

describe('checkPinnedImage', () => {
  test.each([
    'pika:v3.5.6',
    'pikadb/pika:v1',
    'localhost:5000/pika:v1',
    'pika@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'pika:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'localhost:5000/pika@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  ])('accepts %j', (image) => {
    expect(checkPinnedImage('image', image, 'pikadb/pika:v3.5.6')).toBeUndefined();
  });

  test.each(['x:latest', 'x', '', '   ', 'x:', 'localhost:5000/pika', 'localhost:5000/pika:latest', 'pika :v1', 'pika:v1 ', 'pika@', 'pika@sha256:abc123', 'pika:v1@sha256:'])(
    'rejects %j',
    (image) => {
      expect(checkPinnedImage('image', image, 'pikadb/pika:v3.5.6')).toEqual({
        setting: 'image',
        rule: 'must name a released tag or a digest, not "latest" or no tag: every member of a cluster must run the same version',
        found: image,
        fix: 'pin a version, e.g. "pikadb/pika:v3.5.6"',
      });
    },
  );
});
