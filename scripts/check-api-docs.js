// Fails when a public type, member or parameter has no doc comment (jsii-docgen would show an
// empty description), or when API.md differs from what jsii-docgen writes for the current build:
// the reference docs must be regenerated (`npm run docs`) in the same change as the API.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Every public type, property, method, parameter and enum member of the assembly without a summary. */
function undocumented(assembly) {
  const missing = [];
  const check = (docs, name) => {
    if (!docs || !docs.summary) {
      missing.push(name);
    }
  };
  const checkParameters = (parameters, name) => (parameters || []).forEach((p) => check(p.docs, `${name}(${p.name})`));
  for (const [fqn, type] of Object.entries(assembly.types)) {
    check(type.docs, fqn);
    (type.properties || []).forEach((p) => check(p.docs, `${fqn}.${p.name}`));
    (type.members || []).forEach((m) => check(m.docs, `${fqn}.${m.name}`));
    (type.methods || []).forEach((m) => {
      check(m.docs, `${fqn}.${m.name}()`);
      checkParameters(m.parameters, `${fqn}.${m.name}`);
    });
    if (type.initializer) {
      checkParameters(type.initializer.parameters, `${fqn}.constructor`);
    }
  }
  return missing;
}

const missing = undocumented(JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8')));
if (missing.length > 0) {
  console.error(`${missing.length} public API elements have no doc comment:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
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
