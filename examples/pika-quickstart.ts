import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster } from '../lib';

/**
 * The smallest useful app: a 3-member Pika cluster in namespace `pika`. Its pre-shared key is read
 * from the Secret `pika-cluster`, which you create once (see the README).
 */
export class PikaQuickstartChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new PikaCluster(this, 'pika');
  }
}
