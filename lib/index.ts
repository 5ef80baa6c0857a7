// The public surface of cdk8s-pika-piko: constructs, their props and the option classes.

export { CertManagerOptions, IssuerKind } from './common/certificate';
export { ClaimRetention } from './common/claim-template';
export { DisruptionBudget } from './common/disruption-budget';
export { ClusterPodOptions } from './common/cluster-pod-options';
export { PodOptions } from './common/pod-options';
export { SecretFromStoreOptions, SecretStoreKind, SecretStoreReference } from './common/external-secret';
export { BackendTlsOptions, GatewayParent, GatewayRouteProps, PathPrefixHandling } from './common/gateway';
export { LogLevel } from './common/log-level';
export { NetworkPeer } from './common/network-policy';
export { PodSecurityOptions } from './common/pod-security';
export { ProbeOptions, ProbeTiming } from './common/probe-timing';
export { SchedulingOptions } from './common/scheduling';
export {
  LoadBalancerExposureOptions, NodePortExposureOptions, ServiceExposure, ServiceExposureOptions,
} from './common/service-exposure';
export { TlsSecretOptions } from './common/tls-secret';

export { PikaCluster } from './pika/cluster';
export {
  PikaClusteringOptions, PikaClusterProps, PikaEndpoint, PikaNetworkPolicyOptions, PikaServerOptions,
  PikaStorageOptions, PikaTelemetryOptions,
} from './pika/props';
export { PikaAutoUnlockOptions, PikaEncryption, PikaManualUnlockOptions, PikaPassphrase } from './pika/encryption';
export { PikaHttpRoute, PikaHttpRouteProps } from './pika/http-route';
export { PikaIngress, PikaIngressProps } from './pika/ingress';
export { PikaApiToken, PikaExternalSecretOptions, PikaRemoteFile, PikaSecretStore, PikaSecretStoreProps } from './pika/secret-store';
export { PikaSecurityKey } from './pika/security-key';
export { PikaServerTls } from './pika/server-tls';

export { PikoCluster } from './piko/cluster';
export { PikoAuth, PikoAuthOptions, PikoJwksOptions } from './piko/auth';
export { PikoHeaderFilter } from './piko/header-filter';
export {
  PikoAccessLogOptions, PikoAdminOptions, PikoAdvertiseAddress, PikoAutoscalingOptions, PikoClusterProps, PikoGossipOptions,
  PikoJoinOptions, PikoNetworkPolicyOptions, PikoPorts, PikoProxyHttpOptions, PikoProxyOptions, PikoRebalanceOptions,
  PikoUpstreamOptions,
} from './piko/props';
export { PikoCertManagerTlsOptions, PikoTls, PikoTlsSecretOptions } from './piko/listener-tls';
export { PikoHttpRoute, PikoHttpRouteProps, PikoRoutedListener } from './piko/http-route';
export { PikoBearerToken, PikoMonitor, PikoMonitorKind, PikoMonitorProps } from './piko/monitor';
export { PikoAgent } from './piko/agent/agent';
export { PikoAgentSidecar } from './piko/agent/sidecar';
export { PikoClientCertificate } from './piko/agent/client-certificate';
export { PikoAgentListener, PikoAgentListenerTls, PikoAgentOptions, PikoAgentProps, PikoAgentProtocol, PikoAgentSidecarProps } from './piko/agent/props';
export { PikoAgentTarget } from './piko/agent/target';
export { PikoAgentToken } from './piko/agent/token';
export { PikoServerTrust } from './piko/agent/server-trust';
export { PikoSidecarHost } from './piko/agent/sidecar-host';
