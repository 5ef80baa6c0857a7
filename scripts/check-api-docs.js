// Fails when API.md differs from what jsii-docgen writes for the current build: the reference
// docs must be regenerated (`npm run docs`) in the same change as the API.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
const generated = path.join(scratch, 'API.md');
try {
  execFileSync(path.join(root, 'node_modules', '.bin', 'jsii-docgen'), ['-o', generated], { cwd: root, stdio: 'inherit' });
  const expected = fs.readFileSync(generated, 'utf8');
  const committed = fs.existsSync(path.join(root, 'API.md')) ? fs.readFileSync(path.join(root, 'API.md'), 'utf8') : '';
  if (expected !== committed) {
    console.error('API.md is stale: it does not match the public API. Run `npm run docs` and commit API.md.');
    process.exit(1);
  }
  console.log('API.md matches the public API.');
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
