import * as cdk8s from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { SEED } from './support';
import * as lib from '../../lib';
import { CONSTRUCTS } from '../../scripts/campaign/cases';
import { runCampaign, summarizeFindings } from '../../scripts/campaign/run';

// A small budget of the validation campaign (`npm run campaign` runs thousands of cases against
// the built package; see docs/validation.md): generated props of the clusters, the agent and its
// sidecar and the integrations as TypeScript, JavaScript and Python callers pass them, raw config
// and JSON patches, each outcome refused with the library's named problems or synthesized into
// objects the campaign's own judge finds valid, deterministically.

const CASES = 300;

test('the campaign finds nothing in a small budget of cases', () => {
  const report = runCampaign({ lib, cdk8s, plus }, { count: CASES, seed: SEED });
  expect(summarizeFindings(report.findings).map((group) => `[${group.category}] ${group.example.detail} (case #${group.example.index})`)).toEqual([]);
  // Both outcomes are exercised, and every construct (the servers, the agent and its sidecar, the
  // integrations) by every caller.
  expect(report.refused).toBeGreaterThan(CASES / 4);
  expect(report.passed).toBeGreaterThan(CASES / 10);
  expect(Object.keys(report.byKind).length).toBe(CONSTRUCTS.length * 3);
});
