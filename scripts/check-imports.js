// Fails when imports/ differs from what `cdk8s import` generates from the pinned CRDs in crds/:
// the generated code is never edited by hand, only regenerated with `npm run import`.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
const listing = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
try {
  execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['import', '-o', scratch, '--no-check-upgrade'], {
    cwd: root,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    // cdk8s reports progress on stderr; it is shown only when the import fails (execFileSync
    // then throws with it in the message).
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const committed = listing(path.join(root, 'imports'));
  const generated = listing(scratch);
  const stale = generated.filter((file) => !committed.includes(file)
    || fs.readFileSync(path.join(scratch, file), 'utf8') !== fs.readFileSync(path.join(root, 'imports', file), 'utf8'));
  const extra = committed.filter((file) => !generated.includes(file));
  if (stale.length > 0 || extra.length > 0) {
    console.error(`imports/ is stale (${[...stale, ...extra].join(', ')}). Run \`npm run import\` and commit imports/.`);
    process.exit(1);
  }
  console.log(`imports/ matches the pinned CRDs (${generated.length} files).`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
