// The public surface of cdk8s-pika-piko: constructs, their props and the option classes.

export { ClaimRetention } from './common/claim-template';
export { NetworkPeer } from './common/network-policy';
export { PodSecurityOptions } from './common/pod-security';
export { SchedulingOptions } from './common/scheduling';

export { PikaCluster } from './pika/cluster';
export {
  PikaClusteringOptions, PikaClusterProps, PikaEndpoint, PikaLogLevel, PikaNetworkPolicyOptions, PikaServerOptions,
  PikaStorageOptions, PikaTelemetryOptions,
} from './pika/props';
export { PikaSecurityKey } from './pika/security-key';
export { PikaServerTls, PikaTlsSecretOptions } from './pika/server-tls';
