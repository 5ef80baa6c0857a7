import { App } from 'cdk8s';
import { PikaProductionChart } from './pika-production';
import { PikaQuickstartChart } from './pika-quickstart';
import { PikoProductionChart } from './piko-production';
import { PikoQuickstartChart } from './piko-quickstart';

// The app `cdk8s synth` runs (see cdk8s.yaml): one manifest file per chart in dist/manifests.
const app = new App();
new PikaQuickstartChart(app, 'pika-quickstart');
new PikaProductionChart(app, 'pika-production');
new PikoQuickstartChart(app, 'piko-quickstart');
new PikoProductionChart(app, 'piko-production');
app.synth();
