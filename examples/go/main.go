// The example app of examples/main.ts, written in Go.
//
// It builds the same four charts with the same props, so `cdk8s synth` here writes the same
// manifests, byte for byte, as the TypeScript app (the bindings test asserts it).
package main

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-pika-piko/cdk8s-pika-piko-go/cdk8spikapiko"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2/k8s"
)

// newPikaQuickstartChart is a 3-member Pika cluster in namespace `pika`, its key read from the
// Secret `pika-cluster`.
func newPikaQuickstartChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	cdk8spikapiko.NewPikaCluster(chart, jsii.String("pika"), nil)
	return chart
}

// newPikaProductionChart is a production-shaped Pika cluster with every option in use.
func newPikaProductionChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	cdk8spikapiko.NewPikaCluster(chart, jsii.String("pika"), &cdk8spikapiko.PikaClusterProps{
		Name:      jsii.String("config"),
		Namespace: jsii.String("platform-config"),
		Replicas:  jsii.Number(5),
		Resources: &cdk8splus28.ContainerResources{
			Cpu:    &cdk8splus28.CpuResources{Request: cdk8splus28.Cpu_Millis(jsii.Number(500)), Limit: cdk8splus28.Cpu_Units(jsii.Number(2))},
			Memory: &cdk8splus28.MemoryResources{Request: cdk8s.Size_Gibibytes(jsii.Number(1)), Limit: cdk8s.Size_Gibibytes(jsii.Number(2))},
		},
		Storage: &cdk8spikapiko.PikaStorageOptions{
			Size:             cdk8s.Size_Gibibytes(jsii.Number(20)),
			StorageClassName: jsii.String("fast-ssd"),
			AccessModes:      &[]cdk8splus28.PersistentVolumeAccessMode{cdk8splus28.PersistentVolumeAccessMode_READ_WRITE_ONCE},
			WhenDeleted:      cdk8spikapiko.ClaimRetention_RETAIN,
			WhenScaled:       cdk8spikapiko.ClaimRetention_DELETE,
		},
		Server: &cdk8spikapiko.PikaServerOptions{
			Port:     jsii.Number(8443),
			BasePath: jsii.String("/pika"),
			Tls:      cdk8spikapiko.PikaServerTls_FromSecret(jsii.String("config-tls"), nil),
		},
		ClusterDomain: jsii.String("prod.example.internal"),
		Clustering: &cdk8spikapiko.PikaClusteringOptions{
			Port:              jsii.Number(5001),
			RefreshInterval:   cdk8s.Duration_Seconds(jsii.Number(15)),
			HeartbeatInterval: cdk8s.Duration_Seconds(jsii.Number(5)),
			HeartbeatTimeout:  cdk8s.Duration_Seconds(jsii.Number(20)),
			SyncInterval:      cdk8s.Duration_Minutes(jsii.Number(2)),
			ForwardTimeout:    cdk8s.Duration_Seconds(jsii.Number(10)),
			LockKey:           jsii.String("platform-config-leader"),
		},
		SecurityKey: cdk8spikapiko.PikaSecurityKey_FromSecret(jsii.String("config-peer-key"), jsii.String("psk")),
		Endpoints:   &[]*cdk8spikapiko.PikaEndpoint{{Name: jsii.String("public"), Port: jsii.Number(9090)}},
		Telemetry: &cdk8spikapiko.PikaTelemetryOptions{
			Collector:   jsii.String("otel-collector.observability.svc:4317"),
			ServiceName: jsii.String("platform-config"),
		},
		LogLevel:       cdk8spikapiko.LogLevel_WARN,
		Env:            &map[string]cdk8splus28.EnvValue{"TZ": cdk8splus28.EnvValue_FromValue(jsii.String("UTC"))},
		PodLabels:      &map[string]*string{"team": jsii.String("platform")},
		PodAnnotations: &map[string]*string{"example.com/owner": jsii.String("platform-team")},
		Scheduling: &cdk8spikapiko.SchedulingOptions{
			NodeSelector: &map[string]*string{"node.kubernetes.io/pool": jsii.String("stateful")},
			Tolerations: &[]*k8s.Toleration{{
				Key: jsii.String("dedicated"), Operator: jsii.String("Equal"), Value: jsii.String("stateful"), Effect: jsii.String("NoSchedule"),
			}},
			PriorityClassName: jsii.String("platform-critical"),
		},
		PodSecurity: &cdk8spikapiko.PodSecurityOptions{RunAsUser: jsii.Number(10001), RunAsGroup: jsii.Number(10001), FsGroup: jsii.Number(10001)},
		NetworkPolicy: &cdk8spikapiko.PikaNetworkPolicyOptions{
			HttpFrom: &[]cdk8spikapiko.NetworkPeer{
				cdk8spikapiko.NetworkPeer_NamespaceNamed(jsii.String("gateway-system")),
				cdk8spikapiko.NetworkPeer_PodsWithLabels(&map[string]*string{"uses-config": jsii.String("true")}),
			},
		},
		ImagePullSecrets: &[]*string{jsii.String("registry-credentials")},
		Probes: &cdk8spikapiko.ProbeOptions{
			Startup: &cdk8spikapiko.ProbeTiming{Period: cdk8s.Duration_Seconds(jsii.Number(5)), FailureThreshold: jsii.Number(30)},
		},
		PreStopPause:           cdk8s.Duration_Seconds(jsii.Number(10)),
		TerminationGracePeriod: cdk8s.Duration_Seconds(jsii.Number(45)),
		Config: &map[string]interface{}{
			"audit":  map[string]interface{}{"retention": "720h"},
			"server": map[string]interface{}{"limits": map[string]interface{}{"request_body_mb": 64}},
		},
	})
	return chart
}

// newPikoQuickstartChart is a 3-node Piko cluster in namespace `piko`, reachable in-cluster.
func newPikoQuickstartChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	cdk8spikapiko.NewPikoCluster(chart, jsii.String("piko"), nil)
	return chart
}

// newPikoProductionChart is a production-shaped Piko cluster with most options in use.
func newPikoProductionChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	cdk8spikapiko.NewPikoCluster(chart, jsii.String("piko"), &cdk8spikapiko.PikoClusterProps{
		Name:      jsii.String("edge"),
		Namespace: jsii.String("edge-proxy"),
		Replicas:  jsii.Number(5),
		Resources: &cdk8splus28.ContainerResources{
			Cpu:    &cdk8splus28.CpuResources{Request: cdk8splus28.Cpu_Millis(jsii.Number(500)), Limit: cdk8splus28.Cpu_Units(jsii.Number(1))},
			Memory: &cdk8splus28.MemoryResources{Request: cdk8s.Size_Gibibytes(jsii.Number(2)), Limit: cdk8s.Size_Gibibytes(jsii.Number(2))},
		},
		Ports:  &cdk8spikapiko.PikoPorts{Proxy: jsii.Number(9000), Upstream: jsii.Number(9001), Admin: jsii.Number(9002), Gossip: jsii.Number(9003)},
		Join:   &cdk8spikapiko.PikoJoinOptions{Timeout: cdk8s.Duration_Minutes(jsii.Number(2))},
		Gossip: &cdk8spikapiko.PikoGossipOptions{Interval: cdk8s.Duration_Millis(jsii.Number(200))},
		Proxy: &cdk8spikapiko.PikoProxyOptions{
			Timeout: cdk8s.Duration_Seconds(jsii.Number(60)),
			Http:    &cdk8spikapiko.PikoProxyHttpOptions{WriteTimeout: cdk8s.Duration_Seconds(jsii.Number(60))},
			AccessLog: &cdk8spikapiko.PikoAccessLogOptions{
				Level:          cdk8spikapiko.LogLevel_INFO,
				RequestHeaders: cdk8spikapiko.PikoHeaderFilter_Block(jsii.Strings("Authorization", "Cookie")),
			},
			Auth: cdk8spikapiko.PikoAuth_Jwks(jsii.String("https://auth.example.com/.well-known/jwks.json"), &cdk8spikapiko.PikoJwksOptions{
				Audience: jsii.String("piko-proxy"),
				CacheTtl: cdk8s.Duration_Minutes(jsii.Number(10)),
			}),
		},
		Upstream: &cdk8spikapiko.PikoUpstreamOptions{
			Auth: cdk8spikapiko.PikoAuth_RsaPublicKey(jsii.String("edge-upstream-auth"), jsii.String("public.pem"), &cdk8spikapiko.PikoAuthOptions{
				Issuer: jsii.String("https://auth.example.com"),
			}),
			Tls:       cdk8spikapiko.PikoTls_FromSecret(jsii.String("edge-upstream-tls"), nil),
			Rebalance: &cdk8spikapiko.PikoRebalanceOptions{Threshold: jsii.Number(0.2), ShedRate: jsii.Number(0.01), MinConns: jsii.Number(100)},
			Service: cdk8spikapiko.ServiceExposure_LoadBalancer(&cdk8spikapiko.LoadBalancerExposureOptions{
				Annotations:  &map[string]*string{"service.beta.kubernetes.io/aws-load-balancer-type": jsii.String("nlb")},
				SourceRanges: jsii.Strings("203.0.113.0/24"),
			}),
		},
		Admin:        &cdk8spikapiko.PikoAdminOptions{Auth: cdk8spikapiko.PikoAuth_Hmac(jsii.String("edge-admin-auth"), jsii.String("hmac"), nil)},
		GracePeriod:  cdk8s.Duration_Seconds(jsii.Number(45)),
		PreStopPause: cdk8s.Duration_Seconds(jsii.Number(10)),
		Probes: &cdk8spikapiko.ProbeOptions{
			Readiness: &cdk8spikapiko.ProbeTiming{Period: cdk8s.Duration_Seconds(jsii.Number(10)), FailureThreshold: jsii.Number(2)},
		},
		LogLevel:      cdk8spikapiko.LogLevel_INFO,
		LogSubsystems: jsii.Strings("gossip"),
		PodLabels:     &map[string]*string{"team": jsii.String("edge")},
		Scheduling:    &cdk8spikapiko.SchedulingOptions{PriorityClassName: jsii.String("edge-critical")},
		NetworkPolicy: &cdk8spikapiko.PikoNetworkPolicyOptions{
			ProxyFrom: &[]cdk8spikapiko.NetworkPeer{cdk8spikapiko.NetworkPeer_NamespaceNamed(jsii.String("apps"))},
			AdminFrom: &[]cdk8spikapiko.NetworkPeer{
				cdk8spikapiko.NetworkPeer_PodsInNamespace(jsii.String("monitoring"), &map[string]*string{"app.kubernetes.io/name": jsii.String("prometheus")}),
			},
		},
	})
	return chart
}

func main() {
	app := cdk8s.NewApp(nil)
	newPikaQuickstartChart(app, "pika-quickstart")
	newPikaProductionChart(app, "pika-production")
	newPikoQuickstartChart(app, "piko-quickstart")
	newPikoProductionChart(app, "piko-production")
	app.Synth()
}
