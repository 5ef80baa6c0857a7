import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { currentGeneration } from './change-tracking';
import { describeObject, listOf, protocolOf } from './manifest-view';
import { Problem } from './problems';
import { renderedForm } from './rendered-form';
import { servicePortLabel } from './workload-checks';

// A node port is allocated once per cluster: a second Service asking for it is refused on apply.
// Clusters of one app can only see each other's Services at synth, so each app keeps a ledger of
// the Services its clusters render; the use of every node port is worked out once per change of
// any tracked object and shared by every cluster's check.

interface NodePortUse {
  readonly service: ApiObject;
  /** `Service "<name>" port "<port>"`, for messages. */
  readonly where: string;
  readonly owner: string;
  readonly protocol: string;
}

interface Ledger {
  readonly services: Array<{ readonly service: ApiObject; readonly owner: string }>;
  usage?: { readonly generation: number; readonly byPort: Map<number, NodePortUse[]> };
}

const ledgers = new WeakMap<IConstruct, Ledger>();

/** Records the Services `owner` renders, in construction order (they must be tracked objects). */
export function registerServices(owner: Construct, services: readonly ApiObject[]): void {
  const app = owner.node.root;
  const ledger = ledgers.get(app) ?? { services: [] };
  ledgers.set(app, ledger);
  ledger.services.push(...services.map((service) => ({ service, owner: owner.node.path })));
}

/**
 * A problem for each node port of `services` that an earlier port uses too: another Service of
 * the app (any protocol), or the same Service with the same protocol.
 */
export function checkSharedNodePorts(owner: Construct, services: readonly ApiObject[]): Problem[] {
  const byPort = usageOf(ledgers.get(owner.node.root));
  const problems: Problem[] = [];
  for (const [nodePort, uses] of byPort) {
    uses.forEach((use, index) => {
      const earlier = uses.slice(0, index).find((other) => other.service !== use.service || other.protocol === use.protocol);
      if (earlier !== undefined && services.includes(use.service)) {
        const elsewhere = earlier.owner === use.owner ? '' : ` of [${earlier.owner}]`;
        problems.push({
          setting: `${use.where} nodePort`,
          rule: `must not be shared: ${earlier.where}${elsewhere} uses it too, and Kubernetes allocates a node port once`,
          found: nodePort,
          fix: 'give each Service port its own node port, or leave nodePort unset for Kubernetes to assign one',
        });
      }
    });
  }
  return problems;
}

function usageOf(ledger: Ledger | undefined): Map<number, NodePortUse[]> {
  if (ledger === undefined) {
    return new Map();
  }
  if (ledger.usage?.generation !== currentGeneration()) {
    const byPort = new Map<number, NodePortUse[]>();
    for (const { service, owner } of ledger.services) {
      // A Service cdk8s cannot render is reported by its own cluster's checks.
      const form = renderedForm(service);
      const manifest = 'manifest' in form ? form.manifest : {};
      listOf(manifest.spec?.ports).forEach((port, index) => {
        if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
          const uses = byPort.get(port.nodePort) ?? [];
          uses.push({ service, owner, protocol: protocolOf(port), where: `${describeObject(manifest)} ${servicePortLabel(port, index)}` });
          byPort.set(port.nodePort, uses);
        }
      });
    }
    ledger.usage = { generation: currentGeneration(), byPort };
  }
  return ledger.usage.byPort;
}
