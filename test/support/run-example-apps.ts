import * as path from 'path';

// Runs example apps in this one process, as `cdk8s synth` would run each: every app synthesizes
// into <outdir>/<app name>. Usage: tsx run-example-apps.ts <outdir> <app.ts>...
const [outdir, ...apps] = process.argv.slice(2);
for (const app of apps) {
  process.env.CDK8S_OUTDIR = path.join(outdir, path.basename(app, '.ts'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- running the app is loading it, as cdk8s synth does
  require(path.resolve(app));
}
