import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoCluster } from '../lib';

/** The smallest useful app: a 3-node Piko cluster in namespace `piko`, reachable in-cluster. */
export class PikoQuickstartChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new PikoCluster(this, 'piko');
  }
}
