// The code `cdk8s import` generates from the pinned CRDs is large (External Secrets' SecretStore
// alone is about a megabyte of source) and took ~20 ms of every synth to load, while most apps use
// none of the integrations. So each binding is loaded by the first object that needs it, not with
// the package: an app without integrations never loads one. `require` caches the module, so later
// calls cost a lookup. The type-only imports keep every use fully typed.
/* eslint-disable @typescript-eslint/no-require-imports -- loading on first use is the point of this file */

import type * as backendTlsPolicies from '../../imports/backendtlspolicies-gateway.networking.k8s.io';
import type * as certificates from '../../imports/certificates-cert-manager.io';
import type * as externalSecrets from '../../imports/externalsecrets-external-secrets.io';
import type * as httpRoutes from '../../imports/httproutes-gateway.networking.k8s.io';
import type * as podMonitors from '../../imports/podmonitors-monitoring.coreos.com';
import type * as secretStores from '../../imports/secretstores-external-secrets.io';
import type * as serviceMonitors from '../../imports/servicemonitors-monitoring.coreos.com';

/** Gateway API's BackendTLSPolicy. */
export function backendTlsPolicyBinding(): typeof backendTlsPolicies {
  return require('../../imports/backendtlspolicies-gateway.networking.k8s.io');
}

/** cert-manager's Certificate. */
export function certificateBinding(): typeof certificates {
  return require('../../imports/certificates-cert-manager.io');
}

/** External Secrets' ExternalSecret. */
export function externalSecretBinding(): typeof externalSecrets {
  return require('../../imports/externalsecrets-external-secrets.io');
}

/** Gateway API's HTTPRoute. */
export function httpRouteBinding(): typeof httpRoutes {
  return require('../../imports/httproutes-gateway.networking.k8s.io');
}

/** Prometheus Operator's PodMonitor. */
export function podMonitorBinding(): typeof podMonitors {
  return require('../../imports/podmonitors-monitoring.coreos.com');
}

/** External Secrets' SecretStore. */
export function secretStoreBinding(): typeof secretStores {
  return require('../../imports/secretstores-external-secrets.io');
}

/** Prometheus Operator's ServiceMonitor. */
export function serviceMonitorBinding(): typeof serviceMonitors {
  return require('../../imports/servicemonitors-monitoring.coreos.com');
}
