"""The example app of examples/main.ts, written in Python.

It builds the same four charts with the same props, so `cdk8s synth` here writes the same
manifests, byte for byte, as the TypeScript app (the bindings test asserts it).
"""
from cdk8s import App, Chart, Duration, Size
from cdk8s_plus_28 import Cpu, EnvValue, PersistentVolumeAccessMode, k8s
from constructs import Construct

from cdk8s_pika_piko import (
    ClaimRetention,
    LogLevel,
    NetworkPeer,
    PikaCluster,
    PikaSecurityKey,
    PikaServerTls,
    PikoAuth,
    PikoCluster,
    PikoHeaderFilter,
    PikoTls,
    ServiceExposure,
)


class PikaQuickstartChart(Chart):
    """A 3-member Pika cluster in namespace `pika`, its key read from the Secret `pika-cluster`."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        PikaCluster(self, "pika")


class PikaProductionChart(Chart):
    """A production-shaped Pika cluster with every option in use."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.pika = PikaCluster(
            self,
            "pika",
            name="config",
            namespace="platform-config",
            replicas=5,
            resources={
                "cpu": {"request": Cpu.millis(500), "limit": Cpu.units(2)},
                "memory": {"request": Size.gibibytes(1), "limit": Size.gibibytes(2)},
            },
            storage={
                "size": Size.gibibytes(20),
                "storage_class_name": "fast-ssd",
                "access_modes": [PersistentVolumeAccessMode.READ_WRITE_ONCE],
                "when_deleted": ClaimRetention.RETAIN,
                "when_scaled": ClaimRetention.DELETE,
            },
            server={"port": 8443, "base_path": "/pika", "tls": PikaServerTls.from_secret("config-tls")},
            cluster_domain="prod.example.internal",
            clustering={
                "port": 5001,
                "refresh_interval": Duration.seconds(15),
                "heartbeat_interval": Duration.seconds(5),
                "heartbeat_timeout": Duration.seconds(20),
                "sync_interval": Duration.minutes(2),
                "forward_timeout": Duration.seconds(10),
                "lock_key": "platform-config-leader",
            },
            security_key=PikaSecurityKey.from_secret("config-peer-key", "psk"),
            endpoints=[{"name": "public", "port": 9090}],
            telemetry={"collector": "otel-collector.observability.svc:4317", "service_name": "platform-config"},
            log_level=LogLevel.WARN,
            env={"TZ": EnvValue.from_value("UTC")},
            pod_labels={"team": "platform"},
            pod_annotations={"example.com/owner": "platform-team"},
            scheduling={
                "node_selector": {"node.kubernetes.io/pool": "stateful"},
                "tolerations": [k8s.Toleration(key="dedicated", operator="Equal", value="stateful", effect="NoSchedule")],
                "priority_class_name": "platform-critical",
            },
            pod_security={"run_as_user": 10001, "run_as_group": 10001, "fs_group": 10001},
            network_policy={
                "http_from": [
                    NetworkPeer.namespace_named("gateway-system"),
                    NetworkPeer.pods_with_labels({"uses-config": "true"}),
                ],
            },
            image_pull_secrets=["registry-credentials"],
            probes={"startup": {"period": Duration.seconds(5), "failure_threshold": 30}},
            pre_stop_pause=Duration.seconds(10),
            termination_grace_period=Duration.seconds(45),
            config={"audit": {"retention": "720h"}, "server": {"limits": {"request_body_mb": 64}}},
        )


class PikoQuickstartChart(Chart):
    """A 3-node Piko cluster in namespace `piko`, reachable in-cluster."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        PikoCluster(self, "piko")


class PikoProductionChart(Chart):
    """A production-shaped Piko cluster with most options in use."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.piko = PikoCluster(
            self,
            "piko",
            name="edge",
            namespace="edge-proxy",
            replicas=5,
            resources={
                "cpu": {"request": Cpu.millis(500), "limit": Cpu.units(1)},
                "memory": {"request": Size.gibibytes(2), "limit": Size.gibibytes(2)},
            },
            ports={"proxy": 9000, "upstream": 9001, "admin": 9002, "gossip": 9003},
            join={"timeout": Duration.minutes(2)},
            gossip={"interval": Duration.millis(200)},
            proxy={
                "timeout": Duration.seconds(60),
                "http": {"write_timeout": Duration.seconds(60)},
                "access_log": {"level": LogLevel.INFO, "request_headers": PikoHeaderFilter.block(["Authorization", "Cookie"])},
                "auth": PikoAuth.jwks(
                    "https://auth.example.com/.well-known/jwks.json",
                    audience="piko-proxy",
                    cache_ttl=Duration.minutes(10),
                ),
            },
            upstream={
                "auth": PikoAuth.rsa_public_key("edge-upstream-auth", "public.pem", issuer="https://auth.example.com"),
                "tls": PikoTls.from_secret("edge-upstream-tls"),
                "rebalance": {"threshold": 0.2, "shed_rate": 0.01, "min_conns": 100},
                "service": ServiceExposure.load_balancer(
                    annotations={"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"},
                    source_ranges=["203.0.113.0/24"],
                ),
            },
            admin={"auth": PikoAuth.hmac("edge-admin-auth", "hmac")},
            grace_period=Duration.seconds(45),
            pre_stop_pause=Duration.seconds(10),
            probes={"readiness": {"period": Duration.seconds(10), "failure_threshold": 2}},
            log_level=LogLevel.INFO,
            log_subsystems=["gossip"],
            pod_labels={"team": "edge"},
            scheduling={"priority_class_name": "edge-critical"},
            network_policy={
                "proxy_from": [NetworkPeer.namespace_named("apps")],
                "admin_from": [NetworkPeer.pods_in_namespace("monitoring", {"app.kubernetes.io/name": "prometheus"})],
            },
        )


app = App()
PikaQuickstartChart(app, "pika-quickstart")
PikaProductionChart(app, "pika-production")
PikoQuickstartChart(app, "piko-quickstart")
PikoProductionChart(app, "piko-production")
app.synth()
