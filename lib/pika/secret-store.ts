import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { normalizeBasePath } from './base-path';
import { PikaCluster } from './cluster';
import { PikaEffectiveConfig } from './effective-config';
import { secretStoreBinding } from '../common/crd-bindings';
import { buildExternalSecret, checkExternalSecretSpec } from '../common/external-secret';
import { checkMethodArguments } from '../common/factory-arguments';
import { finalJson } from '../common/final-json';
import { checkIntegrationObjects } from '../common/integration-checks';
import { checkDataKey, checkDnsLabel, checkDnsSubdomain, checkServiceName } from '../common/kubernetes-formats';
import { recordCustomResource } from '../common/manifest-object';
import { describeObject, Manifest } from '../common/manifest-view';
import { admitIntegration, checkPolicyAdmits, NetworkPeer } from '../common/network-policy';
import { apiObjectsOf } from '../common/object-versions';
import { addSynthChecks, CheckResult, Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';

const KIND = 'PikaSecretStore';

/** A Pika API token the store sends as `Authorization: Bearer`. */
export interface PikaApiToken {
  /**
   * Secret holding the token. External Secrets only reads Secrets labelled
   * `external-secrets.io/type: webhook`.
   */
  readonly secretName: string;
  /**
   * Key of the token in the Secret.
   * @default "token"
   */
  readonly key?: string;
}

/** Props of {@link PikaSecretStore}. */
export interface PikaSecretStoreProps {
  /** The cluster the store reads from. */
  readonly cluster: PikaCluster;
  /**
   * Namespace of the store; ExternalSecrets using it live there too.
   * @default - the cluster's namespace
   */
  readonly namespace?: string;
  /**
   * Name of the SecretStore.
   * @default - the cluster's name
   */
  readonly name?: string;
  /**
   * Read through this declared endpoint (a runtime Endpoint in static mode) instead of the
   * authenticated HTTP port.
   * @default - the HTTP port, `<basePath>/data/…`
   */
  readonly endpoint?: string;
  /**
   * Path prefix of the endpoint's data, for `endpoint`.
   * @default "/data"
   */
  readonly endpointPathPrefix?: string;
  /**
   * Token for the authenticated HTTP port.
   * @default - no Authorization header
   */
  readonly token?: PikaApiToken;
  /**
   * Where the External Secrets controller runs. With the cluster's NetworkPolicy, these peers are
   * admitted to the port the store reads from, and the prop is required then: the policy drops all
   * traffic it does not admit.
   * @default - no rule (required when the cluster has a NetworkPolicy)
   */
  readonly allowFrom?: NetworkPeer[];
}

/** A file in Pika to copy into a Kubernetes Secret key. */
export interface PikaRemoteFile {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Path of the file in Pika, e.g. `myapp/config`. */
  readonly path: string;
  /**
   * Variant of the file, e.g. `prod`.
   * @default - the default variant
   */
  readonly variant?: string;
  /**
   * Version to pin: a number or a semver.
   * @default - the latest version
   */
  readonly version?: string;
}

/** An ExternalSecret reading files from Pika. */
export interface PikaExternalSecretOptions {
  /** Name of the ExternalSecret and of the Secret it creates. */
  readonly name: string;
  /** The files to copy. */
  readonly data: PikaRemoteFile[];
  /**
   * How often External Secrets re-reads the files.
   * @default - External Secrets' default (1h)
   */
  readonly refreshInterval?: Duration;
  /**
   * Type of the Secret created, e.g. `kubernetes.io/tls`.
   * @default - Opaque
   */
  readonly secretType?: string;
}

/**
 * Pika as a secret source for other workloads: an External Secrets SecretStore whose webhook
 * provider reads `/data/<path>` from the cluster's Service, and ExternalSecrets that copy files
 * into Kubernetes Secrets. The store's URL is checked against the port, path and scheme Pika
 * actually serves.
 */
export class PikaSecretStore extends Construct {
  /** The SecretStore. */
  public readonly store: ApiObject;
  /** Name of the SecretStore. */
  public readonly storeName: string;
  /** Namespace of the SecretStore and its ExternalSecrets. */
  public readonly storeNamespace: string;
  private readonly externalSecrets: ApiObject[] = [];
  private readonly labels: { [key: string]: string };

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster to read from and the API token to read with
   */
  constructor(scope: Construct, id: string, props: PikaSecretStoreProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikaSecretStoreProps', props));
    const cluster = props.cluster;
    this.storeName = props.name ?? cluster.name;
    this.storeNamespace = props.namespace ?? cluster.namespace;
    const endpoint = props.endpoint === undefined ? undefined : cluster.endpoints.find((e) => e.name === props.endpoint);
    const tokenKey = props.token?.key ?? 'token';
    throwIfProblems(this, KIND, [
      checkServiceName('name', this.storeName),
      checkDnsLabel('namespace', this.storeNamespace),
      props.endpoint !== undefined && endpoint === undefined ? {
        setting: 'endpoint',
        rule: `must be an endpoint the cluster declares (${cluster.endpoints.map((e) => e.name).join(', ') || 'none'}); nothing else listens`,
        found: props.endpoint,
        fix: 'declare it in the cluster\'s endpoints prop, or leave it unset for the HTTP port',
      } : undefined,
      props.endpointPathPrefix === undefined ? undefined : normalizeBasePath('endpointPathPrefix', props.endpointPathPrefix).problem,
      props.token === undefined ? undefined : checkDnsSubdomain('token.secretName', props.token.secretName, 'pika-token'),
      props.token === undefined ? undefined : checkDataKey('token.key', tokenKey, 'token'),
    ].filter((p): p is Problem => p !== undefined));

    this.labels = { ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' };
    const scheme = endpoint === undefined && cluster.tlsEnabled ? 'https' : 'http';
    const port = endpoint?.port ?? cluster.httpPort;
    throwIfProblems(this, KIND, admitIntegration(cluster.networkPolicy, port, props.allowFrom, 'the External Secrets controller',
      "NetworkPeer.podsInNamespace('external-secrets', { 'app.kubernetes.io/name': 'external-secrets' })"));
    const prefix = endpoint === undefined ? `${cluster.basePath}/data` : normalizeBasePath('', props.endpointPathPrefix ?? '/data').normalized;
    const { SecretStore } = secretStoreBinding();
    this.store = new SecretStore(this, 'SecretStore', {
      metadata: { name: this.storeName, namespace: this.storeNamespace, labels: this.labels },
      spec: {
        provider: {
          webhook: {
            url: `${scheme}://${cluster.serviceDnsName}:${port}${prefix}/{{ .remoteRef.key }}`,
            result: { jsonPath: '$' },
            headers: {
              Accept: 'application/octet-stream',
              ...(props.token === undefined ? {} : { Authorization: 'Bearer {{ .auth.token }}' }),
            },
            secrets: props.token === undefined ? undefined : [{ name: 'auth', secretRef: { name: props.token.secretName, key: tokenKey } }],
          },
        },
      },
    });
    recordCustomResource(this.store);
    const objects = [...apiObjectsOf(this), ...apiObjectsOf(cluster)];
    // External secrets added later are read by the checks too.
    const inputs = { objects: () => [...objects, ...this.externalSecrets] };
    addSynthChecks(this, KIND, inputs, () => this.checkFinalObjects(cluster, port, props.allowFrom));
  }

  /**
   * Adds an ExternalSecret that copies files from Pika into a Secret of the same name.
   * @param id construct id of the ExternalSecret
   * @param options the Secret to write and the Pika files to copy into it
   */
  public addExternalSecret(id: string, options: PikaExternalSecretOptions): ApiObject {
    throwIfProblems(this, KIND, checkMethodArguments('PikaSecretStore', 'addExternalSecret', [id, options]));
    throwIfProblems(this, KIND, [
      checkDnsSubdomain(`externalSecret "${id}" name`, options.name, 'app-config'),
      ...(options.data.length === 0 ? [{ setting: `externalSecret "${id}" data`, rule: 'must list at least one file', found: [], fix: 'add the files to copy' }] : []),
      ...options.data.flatMap((file, index) => checkRemoteFile(`externalSecret "${id}" data[${index}]`, file)),
    ].filter((p): p is Problem => p !== undefined));
    const externalSecret = buildExternalSecret(this, id, {
      name: options.name,
      namespace: this.storeNamespace,
      labels: this.labels,
      store: { name: this.storeName },
      targetName: options.name,
      targetType: options.secretType,
      refreshInterval: options.refreshInterval,
      data: options.data.map((file) => ({ secretKey: file.secretKey, remoteKey: remoteKey(file) })),
    });
    recordCustomResource(externalSecret);
    this.externalSecrets.push(externalSecret);
    return externalSecret;
  }

  private checkFinalObjects(cluster: PikaCluster, port: number, allowFrom: NetworkPeer[] | undefined): CheckResult {
    const store = finalJson(this.store);
    const problems = [
      ...checkIntegrationObjects([this.store, ...this.externalSecrets], this.storeNamespace),
      ...checkStoreUrl(store, finalJson(cluster.service), cluster._effectiveConfig(), cluster.endpoints.map((e) => e.port)),
    ];
    if (cluster.networkPolicy !== undefined && allowFrom !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), port, allowFrom, 'the External Secrets controller (PikaSecretStore allowFrom)'));
    }
    const headers = store.spec?.provider?.webhook?.headers;
    Object.entries(typeof headers === 'object' && headers !== null ? headers : {}).filter(([, value]) => typeof value !== 'string').forEach(([header, value]) => problems.push({
      setting: `${describeObject(store)} spec.provider.webhook.headers "${header}"`,
      rule: 'must be a string: the CRD holds the headers as a map of strings',
      found: value,
      fix: 'quote the value in the patch',
    }));
    for (const externalSecret of this.externalSecrets.map((e) => finalJson(e))) {
      problems.push(...checkExternalSecretSpec(externalSecret));
      const ref = externalSecret.spec?.secretStoreRef ?? {};
      // A store without a name or namespace is reported by the integration rules.
      const storeNamed = typeof store.metadata?.name === 'string' && typeof store.metadata?.namespace === 'string';
      const refersToStore = ref.name === store.metadata?.name && (ref.kind ?? 'SecretStore') === 'SecretStore'
        && externalSecret.metadata?.namespace === store.metadata?.namespace;
      if (storeNamed && !refersToStore) {
        problems.push({
          setting: `${describeObject(externalSecret)} spec.secretStoreRef`,
          rule: `must be the SecretStore "${store.metadata?.name}" in its own namespace "${store.metadata?.namespace}"`,
          found: { ...ref, namespace: externalSecret.metadata?.namespace },
          fix: 'remove the patch that changes the store reference',
        });
      }
    }
    return { problems, warnings: [] };
  }
}

/** `path?variant=…&version=…`, as Pika's /data route reads it. */
function remoteKey(file: PikaRemoteFile): string {
  const query = [file.variant && `variant=${encodeURIComponent(file.variant)}`, file.version && `version=${encodeURIComponent(file.version)}`].filter(Boolean);
  return query.length === 0 ? file.path : `${file.path}?${query.join('&')}`;
}

function checkRemoteFile(setting: string, file: PikaRemoteFile): Array<Problem | undefined> {
  return [
    checkDataKey(`${setting}.secretKey`, file.secretKey, 'config.yaml'),
    /^[^/?#\s][^?#\s]*$/.test(file.path) && !file.path.includes('//') ? undefined : {
      setting: `${setting}.path`, rule: 'must be a relative file path without query, fragment or whitespace', found: file.path, fix: 'write it as e.g. "myapp/config"; use variant and version for the query',
    },
    file.version === undefined || /^(\d+|v?\d+\.\d+\.\d+)$/.test(file.version) ? undefined : {
      setting: `${setting}.version`, rule: 'must be a version number or a semver', found: file.version, fix: 'use e.g. "5" or "1.2.0"',
    },
  ];
}

/** The store must call the cluster's Service on a port Pika serves, under the path Pika serves. */
function checkStoreUrl(store: Manifest, service: Manifest, config: PikaEffectiveConfig, endpointPorts: number[]): Problem[] {
  const url: string | undefined = store.spec?.provider?.webhook?.url;
  const setting = `${describeObject(store)} spec.provider.webhook.url`;
  const match = typeof url === 'string' ? /^(https?):\/\/([^/:]+):(\d+)(\/[^{]*)\{\{ \.remoteRef\.key \}\}$/.exec(url) : null;
  if (match === null) {
    return [{ setting, rule: 'must be http(s)://<service>:<port>/<path>/{{ .remoteRef.key }}', found: url, fix: 'remove the patch that changes the URL' }];
  }
  const [, scheme, host, portText, path] = match;
  const port = Number(portText);
  const serviceName = service.metadata?.name;
  const namespace = service.metadata?.namespace;
  const problems: Problem[] = [];
  if (host !== `${serviceName}.${namespace}.svc` && !host.startsWith(`${serviceName}.${namespace}.svc.`)) {
    problems.push({ setting, rule: `must call the Service "${serviceName}" in namespace "${namespace}" by its DNS name`, found: host, fix: 'remove the patch that changes the URL' });
  }
  const servicePorts: Manifest[] = service.spec?.ports ?? [];
  const http = servicePorts.find((p) => p.name === 'http');
  if (port === http?.port) {
    const basePath = config.basePath();
    const expectedScheme = config.scheme();
    if (path !== `${basePath}/data/`) {
      problems.push({ setting, rule: `must read ${basePath}/data/ on the HTTP port (server.base_path is "${basePath}")`, found: path, fix: 'leave the store\'s path to the construct' });
    }
    if (scheme !== expectedScheme) {
      problems.push({ setting, rule: `must use ${expectedScheme}, as Pika's HTTP port serves it`, found: scheme, fix: 'turn TLS on or off through the cluster\'s server.tls prop' });
    }
  } else if (!endpointPorts.includes(port) || !servicePorts.some((p) => p.port === port)) {
    problems.push({
      setting,
      rule: `must use a port Pika serves: the HTTP port ${http?.port} or a declared endpoint (${endpointPorts.join(', ') || 'none'})`,
      found: port,
      fix: 'declare the endpoint in the cluster\'s endpoints prop',
    });
  }
  return problems;
}
