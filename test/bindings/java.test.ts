import * as fs from 'fs';
import * as path from 'path';
import { cdk8sSynth, expectSameManifests, pacmak, ROOT, run, scratchDir, typeScriptManifests } from './support';

// Java users get the constructs as a Maven artifact built by jsii-pacmak. examples/java, the Java
// twin of the TypeScript example app, is compiled against it and synthesized by the cdk8s CLI
// (its cdk8s.yaml runs `mvn compile exec:java`); its manifests must equal the TypeScript app's.
//
// cdk8s's and cdk8s-plus-28's artifacts are built here too, from the npm packages this project
// pins: Maven Central's org.cdk8s:cdk8s stops at 2.70.47, and org.cdk8s:cdk8s-plus-28 is not served
// here at all. constructs, jsii-runtime and the Maven plugins come from Maven Central. pacmak's
// Maven build installs the three artifacts into the local repository it is given, the suite's own,
// which the app then builds against.

const APP = path.join(ROOT, 'examples', 'java');
const OWN_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
let work: string;
let app: string;
let maven: NodeJS.ProcessEnv;

beforeAll(() => {
  work = scratchDir('java');
  const localRepository = path.join(work, 'm2');
  const built = path.join(work, 'dist');
  pacmak('java', built, [ROOT, path.join(ROOT, 'node_modules', 'cdk8s'), path.join(ROOT, 'node_modules', 'cdk8s-plus-28')], [
    '--maven-local-repository', localRepository,
    // The javadoc jars take as long to build as everything else together, and no app reads them.
    '--mvn-define=maven.javadoc.skip=true',
  ]);
  app = path.join(work, 'app');
  fs.cpSync(APP, app, { recursive: true });
  // Maven reads its local repository from a system property; MAVEN_OPTS reaches the mvn that
  // cdk8s.yaml starts.
  maven = { MAVEN_OPTS: `-Dmaven.repo.local=${localRepository}` };
}, 900_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the built artifact is the one examples/java requires, at this package\'s version', () => {
  const pom = fs.readFileSync(path.join(APP, 'pom.xml'), 'utf8');
  expect(pom).toContain(`<groupId>io.github.cdk8s-pika-piko</groupId>\n      <artifactId>cdk8s-pika-piko</artifactId>\n      <version>${OWN_VERSION}</version>`);
  const artifact = path.join(work, 'dist', 'java', 'io', 'github', 'cdk8s-pika-piko', 'cdk8s-pika-piko', OWN_VERSION);
  expect(fs.readdirSync(artifact)).toContain(`cdk8s-pika-piko-${OWN_VERSION}.jar`);
  const builtPom = fs.readFileSync(path.join(artifact, `cdk8s-pika-piko-${OWN_VERSION}.pom`), 'utf8');
  // The artifact takes the peers at the versions the app pins, or at a range that starts there.
  for (const [artifactId, version] of [['cdk8s', '2.70.106'], ['cdk8s-plus-28', '2.5.6'], ['constructs', '10.8.1']]) {
    const escaped = version.replace(/\./g, '\\.');
    expect(builtPom).toMatch(new RegExp(`<artifactId>${artifactId}</artifactId>\\s*<version>(${escaped}|\\[${escaped},[^<]*)</version>`));
    expect(pom).toMatch(new RegExp(`<artifactId>${artifactId}</artifactId>\\s*<version>${escaped}</version>`));
  }
});

test('the Java example app synthesizes the same manifests as the TypeScript one, byte for byte', () => {
  const java = cdk8sSynth(app, maven);
  expectSameManifests(java, typeScriptManifests());
}, 300_000);

test('a bad prop from Java fails with the library\'s own message, as a JsiiError the caller can catch', () => {
  const source = path.join(app, 'src', 'main', 'java', 'com', 'example', 'pikapiko', 'BadProps.java');
  fs.writeFileSync(source, [
    'package com.example.pikapiko;',
    'public final class BadProps {',
    '    public static void main(final String[] args) {',
    '        try {',
    '            io.github.cdk8spikapiko.PikaCluster.Builder.create(new org.cdk8s.Chart(new org.cdk8s.App(), "c"), "pika").replicas(0).build();',
    '        } catch (RuntimeException error) {',
    '            System.out.println(error.getClass().getName() + ": " + error.getMessage());',
    '        }',
    '    }',
    '}',
  ].join('\n'));
  const output = run('mvn', ['--quiet', '--batch-mode', 'compile', 'exec:java', '-Dexec.mainClass=com.example.pikapiko.BadProps'], { cwd: app, env: maven });
  expect(output).toContain('software.amazon.jsii.JsiiError: Invalid PikaCluster props (1 problem):');
  expect(output).toContain('[c/pika] PikaCluster replicas must be a whole number of at least 1 (found 0). Fix: use an odd number such as 3 or 5');
}, 300_000);
