import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// docs/troubleshooting.md must list every validation error: each `rule:` text in lib/ (the
// static pieces of it; interpolated values vary) must appear in it.

const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every `rule: '…'` / `rule: \`…${x}…\`` in a file, as its static pieces. */
function ruleTexts(file: string): string[][] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const rules: string[][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'rule') {
      const candidates = ts.isConditionalExpression(node.initializer) ? [node.initializer.whenTrue, node.initializer.whenFalse] : [node.initializer];
      for (const value of candidates) {
        if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) {
          rules.push([value.text]);
        } else if (ts.isTemplateExpression(value)) {
          rules.push([value.head.text, ...value.templateSpans.map((span) => span.literal.text)]);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return rules;
}

const rules = sourceFiles(path.join(ROOT, 'lib')).flatMap((file) => ruleTexts(file).map((pieces) => ({ file: path.relative(ROOT, file), pieces })));
const troubleshooting = fs.readFileSync(path.join(ROOT, 'docs', 'troubleshooting.md'), 'utf8');

test('the rule texts were found', () => {
  expect(rules.length).toBeGreaterThan(100);
});

test('docs/troubleshooting.md lists every validation error', () => {
  const missing = rules.flatMap(({ file, pieces }) => pieces
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 6 && !troubleshooting.includes(piece))
    .map((piece) => `${file}: "${piece}"`));
  expect(missing).toEqual([]);
});
