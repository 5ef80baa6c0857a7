import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Problem } from './problems';

// Two constructs of one app that render an object of the same kind, namespace and name write it
// twice: on apply the later one silently replaces the earlier. Each app keeps a ledger of the
// objects its clusters render, so the second claim of a name is refused, naming the first owner.
const ownersByApp = new WeakMap<IConstruct, Map<string, { readonly object: ApiObject; readonly owner: string }>>();

/**
 * Records that `owner` renders `objects` and returns a problem for each one another construct of
 * the app already renders. An object shared between constructs (the same instance) is no clash.
 */
export function claimObjects(owner: Construct, objects: readonly ApiObject[]): Problem[] {
  const app = owner.node.root;
  const owners = ownersByApp.get(app) ?? new Map();
  ownersByApp.set(app, owners);
  const problems: Problem[] = [];
  for (const object of objects) {
    const namespace = object.metadata.namespace;
    const key = `${object.apiVersion}/${object.kind}/${namespace ?? ''}/${object.name}`;
    const first = owners.get(key);
    if (first === undefined) {
      owners.set(key, { object, owner: owner.node.path });
    } else if (first.object !== object) {
      const where = namespace === undefined ? '' : ` in namespace "${namespace}"`;
      problems.push({
        setting: `${object.kind} "${object.name}"${where}`,
        rule: `must be rendered once, but [${first.owner}] renders it too: on apply one would silently replace the other`,
        found: owner.node.path,
        fix: 'give one of the two constructs another `name` or `namespace`',
      });
    }
  }
  return problems;
}
