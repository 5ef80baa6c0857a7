import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeObject, listOf, Manifest, protocolOf } from './manifest-view';
import { ObjectVersions } from './object-versions';
import { Problem } from './problems';
import { renderedForm } from './rendered-form';
import { servicePortLabel } from './workload-checks';

// A node port is allocated once per cluster: a second Service asking for it is refused on apply.
// Clusters of one app can only see each other's Services at synth, so each app keeps a ledger of
// the Services its clusters' props expose on node ports (NodePort and LoadBalancer); a cluster's
// check reads them (see `exposedServicesOf`, which its cached result depends on) beside its own
// Services, and the use of every ledger node port is worked out once per change of those
// Services and shared by every cluster's check. A Service that only a patch turns into a
// NodePort is checked against its own cluster's Services and the ledger.

interface NodePortUse {
  readonly service: ApiObject;
  /** `Service "<name>" port "<port>"`, for messages. */
  readonly where: string;
  readonly owner: string;
  readonly protocol: string;
}

interface Ledger {
  readonly services: OwnedService[];
  /** The same Services, as one list for the checks' inputs. */
  readonly objects: ApiObject[];
  usage?: { readonly versions: ObjectVersions; readonly byPort: Map<number, NodePortUse[]> };
}

const ledgers = new WeakMap<IConstruct, Ledger>();

function ledgerOf(scope: IConstruct): Ledger {
  const app = scope.node.root;
  const ledger = ledgers.get(app) ?? { services: [], objects: [] };
  ledgers.set(app, ledger);
  return ledger;
}

/** Records the Services `owner`'s props expose on node ports, in construction order. */
export function registerServices(owner: Construct, services: readonly ApiObject[]): void {
  const ledger = ledgerOf(owner);
  ledger.services.push(...services.map((service) => ({ service, owner: owner.node.path })));
  ledger.objects.push(...services);
}

/** The app's exposed Services, a live list: what every cluster's node-port check reads. */
export function exposedServicesOf(scope: IConstruct): readonly ApiObject[] {
  return ledgerOf(scope).objects;
}

/**
 * A problem for each node port of `services` that an earlier port uses too: another Service of
 * the app (any protocol), or the same Service with the same protocol. `finalForm` gives the
 * final form of each of `services`, which the caller's checks have read already.
 */
export function checkSharedNodePorts(owner: Construct, services: readonly ApiObject[], finalForm: (service: ApiObject) => Manifest): Problem[] {
  const ledger = ledgerOf(owner);
  const byPort = new Map([...usageOf(ledger)].map(([port, uses]) => [port, [...uses]]));
  // The cluster's own Services that the props do not expose, in case a patch did.
  const unexposed = services.filter((service) => !ledger.objects.includes(service));
  addUses(byPort, unexposed.map((service) => ({ service, owner: owner.node.path })), finalForm);
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

function usageOf(ledger: Ledger): Map<number, NodePortUse[]> {
  const versions = ObjectVersions.of(ledger.objects);
  if (ledger.usage === undefined || !ledger.usage.versions.equals(versions)) {
    const byPort = new Map<number, NodePortUse[]>();
    addUses(byPort, ledger.services, (service) => {
      // A Service cdk8s cannot render is reported by its own cluster's checks.
      const form = renderedForm(service);
      return 'manifest' in form ? form.manifest : {};
    });
    ledger.usage = { versions, byPort };
  }
  return ledger.usage.byPort;
}

interface OwnedService {
  readonly service: ApiObject;
  readonly owner: string;
}

function addUses(byPort: Map<number, NodePortUse[]>, services: readonly OwnedService[], finalForm: (service: ApiObject) => Manifest): void {
  for (const { service, owner } of services) {
    const manifest = finalForm(service);
    listOf(manifest.spec?.ports).forEach((port, index) => {
      if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
        const uses = byPort.get(port.nodePort) ?? [];
        uses.push({ service, owner, protocol: protocolOf(port), where: `${describeObject(manifest)} ${servicePortLabel(port, index)}` });
        byPort.set(port.nodePort, uses);
      }
    });
  }
}
