package com.example.pikapiko;

import io.github.cdk8spikapiko.ClaimRetention;
import io.github.cdk8spikapiko.LoadBalancerExposureOptions;
import io.github.cdk8spikapiko.LogLevel;
import io.github.cdk8spikapiko.NetworkPeer;
import io.github.cdk8spikapiko.PikaCluster;
import io.github.cdk8spikapiko.PikaClusteringOptions;
import io.github.cdk8spikapiko.PikaEndpoint;
import io.github.cdk8spikapiko.PikaNetworkPolicyOptions;
import io.github.cdk8spikapiko.PikaSecurityKey;
import io.github.cdk8spikapiko.PikaServerOptions;
import io.github.cdk8spikapiko.PikaServerTls;
import io.github.cdk8spikapiko.PikaStorageOptions;
import io.github.cdk8spikapiko.PikaTelemetryOptions;
import io.github.cdk8spikapiko.PikoAccessLogOptions;
import io.github.cdk8spikapiko.PikoAdminOptions;
import io.github.cdk8spikapiko.PikoAuth;
import io.github.cdk8spikapiko.PikoAuthOptions;
import io.github.cdk8spikapiko.PikoCluster;
import io.github.cdk8spikapiko.PikoGossipOptions;
import io.github.cdk8spikapiko.PikoHeaderFilter;
import io.github.cdk8spikapiko.PikoJoinOptions;
import io.github.cdk8spikapiko.PikoJwksOptions;
import io.github.cdk8spikapiko.PikoNetworkPolicyOptions;
import io.github.cdk8spikapiko.PikoPorts;
import io.github.cdk8spikapiko.PikoProxyHttpOptions;
import io.github.cdk8spikapiko.PikoProxyOptions;
import io.github.cdk8spikapiko.PikoRebalanceOptions;
import io.github.cdk8spikapiko.PikoTls;
import io.github.cdk8spikapiko.PikoUpstreamOptions;
import io.github.cdk8spikapiko.PodSecurityOptions;
import io.github.cdk8spikapiko.ProbeOptions;
import io.github.cdk8spikapiko.ProbeTiming;
import io.github.cdk8spikapiko.SchedulingOptions;
import io.github.cdk8spikapiko.ServiceExposure;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.Duration;
import org.cdk8s.Size;
import org.cdk8s.plus28.ContainerResources;
import org.cdk8s.plus28.Cpu;
import org.cdk8s.plus28.CpuResources;
import org.cdk8s.plus28.EnvValue;
import org.cdk8s.plus28.MemoryResources;
import org.cdk8s.plus28.PersistentVolumeAccessMode;
import org.cdk8s.plus28.k8s.Toleration;
import software.constructs.Construct;

/**
 * The example app of examples/main.ts, written in Java.
 *
 * <p>It builds the same four charts with the same props, so `cdk8s synth` here writes the same
 * manifests, byte for byte, as the TypeScript app (the bindings test asserts it).
 */
public final class Main {
    private Main() {
    }

    /** A 3-member Pika cluster in namespace `pika`, its key read from the Secret `pika-cluster`. */
    static Chart pikaQuickstart(final Construct scope, final String id) {
        Chart chart = new Chart(scope, id);
        PikaCluster.Builder.create(chart, "pika").build();
        return chart;
    }

    /** A production-shaped Pika cluster with every option in use. */
    static Chart pikaProduction(final Construct scope, final String id) {
        Chart chart = new Chart(scope, id);
        PikaCluster.Builder.create(chart, "pika")
                .name("config")
                .namespace("platform-config")
                .replicas(5)
                .resources(ContainerResources.builder()
                        .cpu(CpuResources.builder().request(Cpu.millis(500)).limit(Cpu.units(2)).build())
                        .memory(MemoryResources.builder().request(Size.gibibytes(1)).limit(Size.gibibytes(2)).build())
                        .build())
                .storage(PikaStorageOptions.builder()
                        .size(Size.gibibytes(20))
                        .storageClassName("fast-ssd")
                        .accessModes(List.of(PersistentVolumeAccessMode.READ_WRITE_ONCE))
                        .whenDeleted(ClaimRetention.RETAIN)
                        .whenScaled(ClaimRetention.DELETE)
                        .build())
                .server(PikaServerOptions.builder().port(8443).basePath("/pika").tls(PikaServerTls.fromSecret("config-tls")).build())
                .clusterDomain("prod.example.internal")
                .clustering(PikaClusteringOptions.builder()
                        .port(5001)
                        .refreshInterval(Duration.seconds(15))
                        .heartbeatInterval(Duration.seconds(5))
                        .heartbeatTimeout(Duration.seconds(20))
                        .syncInterval(Duration.minutes(2))
                        .forwardTimeout(Duration.seconds(10))
                        .lockKey("platform-config-leader")
                        .build())
                .securityKey(PikaSecurityKey.fromSecret("config-peer-key", "psk"))
                .endpoints(List.of(PikaEndpoint.builder().name("public").port(9090).build()))
                .telemetry(PikaTelemetryOptions.builder().collector("otel-collector.observability.svc:4317").serviceName("platform-config").build())
                .logLevel(LogLevel.WARN)
                .env(Map.of("TZ", EnvValue.fromValue("UTC")))
                .podLabels(Map.of("team", "platform"))
                .podAnnotations(Map.of("example.com/owner", "platform-team"))
                .scheduling(SchedulingOptions.builder()
                        .nodeSelector(Map.of("node.kubernetes.io/pool", "stateful"))
                        .tolerations(List.of(Toleration.builder().key("dedicated").operator("Equal").value("stateful").effect("NoSchedule").build()))
                        .priorityClassName("platform-critical")
                        .build())
                .podSecurity(PodSecurityOptions.builder().runAsUser(10001).runAsGroup(10001).fsGroup(10001).build())
                .networkPolicy(PikaNetworkPolicyOptions.builder()
                        .httpFrom(List.of(NetworkPeer.namespaceNamed("gateway-system"), NetworkPeer.podsWithLabels(Map.of("uses-config", "true"))))
                        .build())
                .imagePullSecrets(List.of("registry-credentials"))
                .probes(ProbeOptions.builder().startup(ProbeTiming.builder().period(Duration.seconds(5)).failureThreshold(30).build()).build())
                .preStopPause(Duration.seconds(10))
                .terminationGracePeriod(Duration.seconds(45))
                .config(Map.of(
                        "audit", Map.of("retention", "720h"),
                        "server", Map.of("limits", Map.of("request_body_mb", 64))))
                .build();
        return chart;
    }

    /** A 3-node Piko cluster in namespace `piko`, reachable in-cluster. */
    static Chart pikoQuickstart(final Construct scope, final String id) {
        Chart chart = new Chart(scope, id);
        PikoCluster.Builder.create(chart, "piko").build();
        return chart;
    }

    /** A production-shaped Piko cluster with most options in use. */
    static Chart pikoProduction(final Construct scope, final String id) {
        Chart chart = new Chart(scope, id);
        PikoCluster.Builder.create(chart, "piko")
                .name("edge")
                .namespace("edge-proxy")
                .replicas(5)
                .resources(ContainerResources.builder()
                        .cpu(CpuResources.builder().request(Cpu.millis(500)).limit(Cpu.units(1)).build())
                        .memory(MemoryResources.builder().request(Size.gibibytes(2)).limit(Size.gibibytes(2)).build())
                        .build())
                .ports(PikoPorts.builder().proxy(9000).upstream(9001).admin(9002).gossip(9003).build())
                .join(PikoJoinOptions.builder().timeout(Duration.minutes(2)).build())
                .gossip(PikoGossipOptions.builder().interval(Duration.millis(200)).build())
                .proxy(PikoProxyOptions.builder()
                        .timeout(Duration.seconds(60))
                        .http(PikoProxyHttpOptions.builder().writeTimeout(Duration.seconds(60)).build())
                        .accessLog(PikoAccessLogOptions.builder()
                                .level(LogLevel.INFO)
                                .requestHeaders(PikoHeaderFilter.block(List.of("Authorization", "Cookie")))
                                .build())
                        .auth(PikoAuth.jwks("https://auth.example.com/.well-known/jwks.json",
                                PikoJwksOptions.builder().audience("piko-proxy").cacheTtl(Duration.minutes(10)).build()))
                        .build())
                .upstream(PikoUpstreamOptions.builder()
                        .auth(PikoAuth.rsaPublicKey("edge-upstream-auth", "public.pem",
                                PikoAuthOptions.builder().issuer("https://auth.example.com").build()))
                        .tls(PikoTls.fromSecret("edge-upstream-tls"))
                        .rebalance(PikoRebalanceOptions.builder().threshold(0.2).shedRate(0.01).minConns(100).build())
                        .service(ServiceExposure.loadBalancer(LoadBalancerExposureOptions.builder()
                                .annotations(Map.of("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"))
                                .sourceRanges(List.of("203.0.113.0/24"))
                                .build()))
                        .build())
                .admin(PikoAdminOptions.builder().auth(PikoAuth.hmac("edge-admin-auth", "hmac")).build())
                .gracePeriod(Duration.seconds(45))
                .preStopPause(Duration.seconds(10))
                .probes(ProbeOptions.builder().readiness(ProbeTiming.builder().period(Duration.seconds(10)).failureThreshold(2).build()).build())
                .logLevel(LogLevel.INFO)
                .logSubsystems(List.of("gossip"))
                .podLabels(Map.of("team", "edge"))
                .scheduling(SchedulingOptions.builder().priorityClassName("edge-critical").build())
                .networkPolicy(PikoNetworkPolicyOptions.builder()
                        .proxyFrom(List.of(NetworkPeer.namespaceNamed("apps")))
                        .adminFrom(List.of(NetworkPeer.podsInNamespace("monitoring", Map.of("app.kubernetes.io/name", "prometheus"))))
                        .build())
                .build();
        return chart;
    }

    public static void main(final String[] args) {
        App app = new App();
        pikaQuickstart(app, "pika-quickstart");
        pikaProduction(app, "pika-production");
        pikoQuickstart(app, "piko-quickstart");
        pikoProduction(app, "piko-production");
        app.synth();
    }
}
