/** Members that must agree for Pika to elect a leader and accept writes: a majority. */
export function quorumOf(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/** Whether the cluster keeps its quorum with one member down: not with one or two members. */
export function survivesOneMemberDown(replicas: number): boolean {
  return replicas - 1 >= quorumOf(replicas);
}
