// How a pod's DNS search list (`<namespace>.svc.<domain>`, `svc.<domain>`, `<domain>`) turns a
// host name into a Service: `billing` in the pod's own namespace, `billing.apps`,
// `billing.apps.svc` and `billing.apps.svc.<domain>` in namespace `apps`.

/** The Service a host name reaches through a pod's DNS search list, if it has the form of one. */
export function serviceNamed(host: string, podNamespace: string): { name: string; namespace: string } | undefined {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length === 1) {
    return { name: labels[0], namespace: podNamespace };
  }
  if (labels.length === 2 || labels[2] === 'svc') {
    return { name: labels[0], namespace: labels[1] };
  }
  return undefined;
}
