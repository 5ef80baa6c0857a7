import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  NetworkPeer, PikoAgent, PikoAgentProtocol, PikoAgentSidecar, PikoAgentTarget, PikoAgentToken, PikoAuth, PikoClientCertificate, PikoCluster,
  PikoServerTrust, PikoSidecarHost, PikoTls,
} from '../../lib';

/**
 * Services connected to a Piko cluster through agents. The cluster's upstream port requires a
 * JWT and serves TLS from a cert-manager certificate to clients with a certificate of the same
 * CA (mutual TLS); its NetworkPolicy admits no one else to that port, and each agent admits itself. A Deployment of agents registers the endpoints of
 * in-cluster services, one of them served over HTTPS to clients with a certificate, and a sidecar
 * registers the endpoint of the web app it runs beside.
 */
export class PikoAgentChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const piko = new PikoCluster(this, 'piko', {
      upstream: {
        auth: PikoAuth.hmac('piko-upstream-auth', 'hmac'),
        tls: PikoTls.fromCertManager({ issuerName: 'internal-ca', clientCaKey: 'ca.crt' }),
      },
      networkPolicy: { proxyFrom: [NetworkPeer.namespaceNamed('gateway-system')], upstreamFrom: [NetworkPeer.namespaceNamed('edge')] },
    });
    // Tokens are JWTs signed with the upstream HMAC key; the CA is the issuer's, copied into
    // the apps' namespace (by trust-manager, say); the agents' client certificate is one the
    // same issuer signed, in the Secret cert-manager writes.
    const token = PikoAgentToken.fromSecret('piko-agent-token', 'token');
    const internalCa = PikoServerTrust.fromConfigMap('internal-ca');
    const clientCertificate = PikoClientCertificate.fromSecret('piko-agent-client-tls');

    new PikoAgent(this, 'agent', {
      namespace: 'apps',
      connectTo: PikoAgentTarget.cluster(piko),
      token,
      serverTrust: internalCa,
      clientCertificate,
      listeners: [
        { endpointId: 'billing', host: 'billing.apps.svc', port: 8080, timeout: Duration.seconds(30) },
        { endpointId: 'billing-db', host: 'billing-db.apps.svc', port: 5432, protocol: PikoAgentProtocol.TCP, timeout: Duration.seconds(5) },
        // A service that serves HTTPS with a certificate of the internal CA and asks its clients
        // for one: the agent verifies it with that CA and presents its own.
        { endpointId: 'ledger', host: 'ledger.apps.svc', port: 8443, timeout: Duration.seconds(30), tls: { trust: internalCa, clientCertificate } },
      ],
      metricsPort: 5000,
    });

    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: 'web', namespace: 'apps' },
      replicas: 2,
      containers: [{
        name: 'web',
        image: 'nginx:1.27',
        portNumber: 8080,
        // The namespace enforces Pod Security's restricted profile, as the one the agent renders does.
        securityContext: {
          user: 101,
          group: 101,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      }],
    });
    new PikoAgentSidecar(this, 'web-agent', {
      name: 'web-agent',
      host: PikoSidecarHost.workload(web),
      connectTo: PikoAgentTarget.cluster(piko),
      token,
      serverTrust: internalCa,
      clientCertificate,
      listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(15) }],
    });
  }
}

const app = new App();
new PikoAgentChart(app, 'piko-agent');
app.synth();
