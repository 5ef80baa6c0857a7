import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { PikoCluster } from '../../lib';
import { explainCheckFailure } from '../../lib/common/check-failure';

// explainCheckFailure answers a check that threw: it must name what a patch broke, and fall back
// to the error only when no object explains it.
describe('explainCheckFailure', () => {
  const cluster = () => new PikoCluster(Testing.chart(), 'piko', {});

  test('an object that no longer renders is named, with the cause cdk8s gives', () => {
    const piko = cluster();
    ApiObject.of(piko).addJsonPatch(JsonPatch.add('/nothing/here', 1));
    const problems = explainCheckFailure([ApiObject.of(piko), piko.headlessService], new TypeError('x is undefined'));
    expect(problems).toHaveLength(1);
    expect(problems[0].setting).toBe('StatefulSet "piko"');
    expect(problems[0].rule).toMatch(/^must still render after its JSON patches/);
  });

  test('else every field a patch gave another type is named', () => {
    const piko = cluster();
    piko.headlessService.addJsonPatch(JsonPatch.replace('/spec/ports', true));
    const problems = explainCheckFailure([ApiObject.of(piko), piko.headlessService], new TypeError('ports.map is not a function'));
    expect(problems.map((p) => `${p.setting} ${p.rule}`)).toEqual([
      'Service "piko" spec.ports must stay a list, as the library wrote it: the API server refuses a value of another type there',
    ]);
    expect(problems[0].found).toBe(true);
  });

  test('failing both, the error itself is the problem', () => {
    const piko = cluster();
    expect(explainCheckFailure([ApiObject.of(piko)], new TypeError('x.map is not a function'))).toEqual([{
      setting: 'objects',
      rule: 'must keep the shapes Kubernetes gives their fields after JSON patches: a synth check could not read them',
      found: 'x.map is not a function',
      fix: 'fix the patch: keep each list a list and each object an object',
    }]);
    expect(explainCheckFailure([], 'thrown text')[0].found).toBe('thrown text');
  });
});
