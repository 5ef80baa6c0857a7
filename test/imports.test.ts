import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { BackendTlsPolicy } from '../imports/backendtlspolicies-gateway.networking.k8s.io';
import { Certificate } from '../imports/certificates-cert-manager.io';
import { ExternalSecret } from '../imports/externalsecrets-external-secrets.io';
import { HttpRoute } from '../imports/httproutes-gateway.networking.k8s.io';
import { PodMonitor } from '../imports/podmonitors-monitoring.coreos.com';
import { SecretStore } from '../imports/secretstores-external-secrets.io';
import { ServiceMonitor } from '../imports/servicemonitors-monitoring.coreos.com';
import { crdSchemaErrors } from './support/crd-schema';

// The generated classes the library uses must speak the version the pinned CRDs serve and store.

test.each([
  [HttpRoute, 'gateway.networking.k8s.io/v1', 'HTTPRoute'],
  [BackendTlsPolicy, 'gateway.networking.k8s.io/v1', 'BackendTLSPolicy'],
  [ExternalSecret, 'external-secrets.io/v1', 'ExternalSecret'],
  [SecretStore, 'external-secrets.io/v1', 'SecretStore'],
  [ServiceMonitor, 'monitoring.coreos.com/v1', 'ServiceMonitor'],
  [PodMonitor, 'monitoring.coreos.com/v1', 'PodMonitor'],
  [Certificate, 'cert-manager.io/v1', 'Certificate'],
])('%p is %s %s', (cls, apiVersion, kind) => {
  expect(cls.GVK).toEqual({ apiVersion, kind });
});

test('each imported version is the storage version of its pinned CRD', () => {
  const dir = path.join(__dirname, '..', 'crds');
  const storage = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((file) => {
    const crd = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    return `${crd.spec.group}/${crd.spec.versions.find((v: { storage: boolean }) => v.storage).name} ${crd.spec.names.kind}`;
  });
  expect(storage.sort()).toEqual([
    'cert-manager.io/v1 Certificate',
    'external-secrets.io/v1 ExternalSecret',
    'external-secrets.io/v1 SecretStore',
    'gateway.networking.k8s.io/v1 BackendTLSPolicy',
    'gateway.networking.k8s.io/v1 HTTPRoute',
    'monitoring.coreos.com/v1 PodMonitor',
    'monitoring.coreos.com/v1 ServiceMonitor',
  ]);
});

describe('the CRD schema check', () => {
  const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' } };

  test('accepts a valid resource', () => {
    expect(crdSchemaErrors({ ...route, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'pika', port: 8080 }] }] } })).toEqual([]);
  });

  test('reports wrong types and fields the CRD does not declare, which the API server would drop', () => {
    expect(crdSchemaErrors({ ...route, spec: { parentRefs: [{ name: 'gw', prot: 1 }], rules: [{ backendRefs: [{ name: 'pika', port: 'http' }] }] } })).toEqual([
      'HTTPRoute/r: /spec/parentRefs/0 must NOT have additional properties (prot)',
      'HTTPRoute/r: /spec/rules/0/backendRefs/0/port must be integer',
    ]);
  });
});
