// The public surface of cdk8s-pika-piko: constructs, their props and the option classes.

export { ClaimRetention } from './common/claim-template';
export { ClusterPodOptions } from './common/cluster-pod-options';
export { LogLevel } from './common/log-level';
export { NetworkPeer } from './common/network-policy';
export { PodSecurityOptions } from './common/pod-security';
export { SchedulingOptions } from './common/scheduling';
export { TlsSecretOptions } from './common/tls-secret';

export { PikaCluster } from './pika/cluster';
export {
  PikaClusteringOptions, PikaClusterProps, PikaEndpoint, PikaNetworkPolicyOptions, PikaServerOptions,
  PikaStorageOptions, PikaTelemetryOptions,
} from './pika/props';
export { PikaSecurityKey } from './pika/security-key';
export { PikaServerTls } from './pika/server-tls';

export { PikoCluster } from './piko/cluster';
export { PikoAuth, PikoAuthOptions, PikoJwksOptions } from './piko/auth';
export {
  PikoAccessLogOptions, PikoAdminOptions, PikoAdvertiseAddress, PikoClusterProps, PikoGossipOptions, PikoHeaderFilter,
  PikoJoinOptions, PikoNetworkPolicyOptions, PikoPorts, PikoProxyOptions, PikoRebalanceOptions, PikoServiceOptions,
  PikoTlsSecret, PikoUpstreamOptions,
} from './piko/props';
