import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  PikaCluster, PikaHttpRoute, PikaIngress, PikaSecretStore, PikoAgentSidecar, PikoAgentTarget, PikoCluster, PikoHttpRoute, PikoMonitor,
  PikoRoutedListener, PikoSidecarHost,
} from '../../lib';
import { synthError } from '../support/synth';

// Found by the validation campaign (scripts/validation-campaign.ts): patches on an integration's
// own objects that the API server refuses, or that cut the object off from what it refers to,
// which synth let through while the same patches on a cluster's objects were caught.

const gateways = [{ name: 'gw', namespace: 'gateway-system' }];

describe('an integration\'s objects are held to Kubernetes\' rules after JSON patches', () => {
  test('PikaIngress: a label of another type than a string', () => {
    expect(synthError((chart) => {
      new PikaIngress(chart, 'ingress', { cluster: new PikaCluster(chart, 'pika') }).ingress
        .addJsonPatch(JsonPatch.replace('/metadata/labels/app.kubernetes.io~1managed-by', 1));
    })).toContain('[test/ingress] PikaIngress Ingress "pika" metadata.labels "app.kubernetes.io/managed-by" must be a string: Kubernetes stores labels and annotations as strings (found 1). Fix: quote the value in the patch');
  });

  test('PikaSecretStore: a SecretStore moved to another namespace', () => {
    expect(synthError((chart) => {
      new PikaSecretStore(chart, 'store', { cluster: new PikaCluster(chart, 'pika') }).store
        .addJsonPatch(JsonPatch.replace('/metadata/namespace', 'elsewhere'));
    })).toContain('[test/store] PikaSecretStore SecretStore "pika" metadata.namespace must stay in the namespace "pika" its props chose: what it refers to by name is found there (found "elsewhere"). Fix: set the namespace through the construct\'s props, and remove the patch that moves the object');
  });

  test('PikaSecretStore: a header of another type than a string', () => {
    expect(synthError((chart) => {
      new PikaSecretStore(chart, 'store', { cluster: new PikaCluster(chart, 'pika') }).store
        .addJsonPatch(JsonPatch.add('/spec/provider/webhook/headers/X-Extra', [1]));
    })).toContain('[test/store] PikaSecretStore SecretStore "pika" spec.provider.webhook.headers "X-Extra" must be a string: the CRD holds the headers as a map of strings (found [1]). Fix: quote the value in the patch');
  });

  test('PikaSecretStore: an ExternalSecret item without its remote key', () => {
    expect(synthError((chart) => {
      new PikaSecretStore(chart, 'store', { cluster: new PikaCluster(chart, 'pika') })
        .addExternalSecret('files', { name: 'app-config', data: [{ secretKey: 'config.yaml', path: 'myapp/config' }] })
        .addJsonPatch(JsonPatch.remove('/spec/data/0/remoteRef/key'));
    })).toContain('[test/store] PikaSecretStore ExternalSecret "app-config" spec.data[0] must name the Secret key it writes and the remote key it reads (secretKey, remoteRef.key): the CRD requires both (found {"missing":["remoteRef.key"]}). Fix: remove the patch that changes the item');
  });

  test('PikoHttpRoute: a custom resource\'s field of another JSON type', () => {
    expect(synthError((chart) => {
      new PikoHttpRoute(chart, 'route', { cluster: new PikoCluster(chart, 'piko'), listener: PikoRoutedListener.PROXY, gateways }).route
        .addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/path/type', []));
    })).toContain('PikoHttpRoute HTTPRoute "piko-proxy" spec.rules[0].matches[0].path.type must stay a string, as the library wrote it: the API server refuses a value of another type there (found []). Fix: fix the patch\'s value; a number or boolean is written without quotes');
  });

  test('PikaHttpRoute: a parent reference without its name', () => {
    expect(synthError((chart) => {
      new PikaHttpRoute(chart, 'route', { cluster: new PikaCluster(chart, 'pika'), gateways }).route
        .addJsonPatch(JsonPatch.remove('/spec/parentRefs/0/name'));
    })).toContain('[test/route] PikaHttpRoute HTTPRoute "pika" spec.parentRefs[0].name must name the Gateway the route attaches to: the API server refuses a parent reference without a name (found nothing). Fix: name the Gateway in the gateways prop, and remove the patch that removes the name');
  });

  test('PikoHttpRoute: a backend reference without its name', () => {
    expect(synthError((chart) => {
      new PikoHttpRoute(chart, 'route', { cluster: new PikoCluster(chart, 'piko'), listener: PikoRoutedListener.PROXY, gateways }).route
        .addJsonPatch(JsonPatch.remove('/spec/rules/0/backendRefs/0/name'));
    })).toContain('PikoHttpRoute HTTPRoute "piko-proxy" spec.rules[0].backendRefs[0].name must name the Service the route sends requests to: the API server refuses a backend reference without a name (found nothing). Fix: remove the patch that adds or changes the backend reference');
  });

  test('PikaIngress: a path without its pathType', () => {
    expect(synthError((chart) => {
      new PikaIngress(chart, 'ingress', { cluster: new PikaCluster(chart, 'pika') }).ingress
        .addJsonPatch(JsonPatch.remove('/spec/rules/0/http/paths/0/pathType'));
    })).toContain('[test/ingress] PikaIngress Ingress "pika" spec.rules[0].http.paths[0] must have the fields Kubernetes requires of an item of this list (found {"missing":["pathType"]})');
  });

  test('PikaIngress: a path type Kubernetes does not know', () => {
    expect(synthError((chart) => {
      new PikaIngress(chart, 'ingress', { cluster: new PikaCluster(chart, 'pika') }).ingress
        .addJsonPatch(JsonPatch.replace('/spec/rules/0/http/paths/0/pathType', 'prefix'));
    })).toContain('[test/ingress] PikaIngress Ingress "pika" spec.rules[0].http.paths[0].pathType must be one of Exact, Prefix, ImplementationSpecific: the API server refuses any other value (found "prefix")');
  });

  test.each([
    ['/spec/parentRefs/0/group', 't,"', 'spec.parentRefs[0].group must be an API group (empty, or a DNS subdomain)'],
    ['/spec/parentRefs/0/namespace', 'Bad_Name', 'spec.parentRefs[0].namespace must be a namespace (a DNS label)'],
    ['/spec/rules/0/backendRefs/0/weight', -1, 'spec.rules[0].backendRefs[0].weight must be a whole number from 0 to 1000000'],
    ['/spec/rules/0/matches/0/path/type', 'prefix', 'spec.rules[0].matches[0].path.type must be one of Exact, PathPrefix, RegularExpression'],
  ])('PikaHttpRoute: %s in a format the CRD refuses', (path, value, line) => {
    expect(synthError((chart) => {
      new PikaHttpRoute(chart, 'route', { cluster: new PikaCluster(chart, 'pika'), gateways }).route.addJsonPatch(JsonPatch.replace(path, value));
    })).toContain(`[test/route] PikaHttpRoute HTTPRoute "pika" ${line}: the Gateway API's CRD refuses any other value (found ${JSON.stringify(value)}). Fix: fix or remove the patch that writes the field`);
  });

  test('PikoMonitor: a PodMonitor\'s scheme of another JSON type', () => {
    expect(synthError((chart) => {
      new PikoMonitor(chart, 'metrics', { cluster: new PikoCluster(chart, 'piko') }).monitor
        .addJsonPatch(JsonPatch.replace('/spec/podMetricsEndpoints/0/scheme', null));
    })).toContain('[test/metrics] PikoMonitor PodMonitor "piko" spec.podMetricsEndpoints[0].scheme must stay a string, as the library wrote it: the API server refuses a value of another type there (found null)');
  });

  test('PikoAgentSidecar: the ConfigMap moved away from its host\'s pods', () => {
    expect(synthError((chart) => {
      const app = new kplus.Deployment(chart, 'app', { metadata: { namespace: 'web' }, containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }] });
      const sidecar = new PikoAgentSidecar(chart, 'agent', {
        host: PikoSidecarHost.workload(app),
        connectTo: PikoAgentTarget.url('https://piko.example.com'),
        listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }],
      });
      ApiObject.of(sidecar.node.findChild('Config')).addJsonPatch(JsonPatch.replace('/metadata/namespace', 'elsewhere'));
    })).toContain('[test/agent] PikoAgentSidecar ConfigMap "piko-agent" metadata.namespace must stay in the namespace "web" its props chose: what it refers to by name is found there (found "elsewhere")');
  });
});
