import { checkAffinity } from './affinity';
import { describeObject, listOf, Manifest, podSpecOf } from './manifest-view';
import { Problem } from './problems';
import { checkToleration } from './tolerations';

// The props' tolerations and affinity are checked when the construct is made; a JSON patch can
// still write what the API server refuses into the final pod template, so the same rules run on
// it at synth. Unpatched, they find nothing the props checks did not.

/** The tolerations and affinity of the workload's final pod template. */
export function checkPodScheduling(workload: Manifest): Problem[] {
  const pod = podSpecOf(workload);
  const where = `${describeObject(workload)} spec.template.spec`;
  const problems = listOf(pod.tolerations).flatMap((toleration, index) => checkToleration(`${where}.tolerations[${index}]`, toleration));
  const affinity: unknown = pod.affinity;
  if (typeof affinity === 'object' && affinity !== null && !Array.isArray(affinity)) {
    problems.push(...checkAffinity(`${where}.affinity`, affinity));
  }
  return problems;
}
