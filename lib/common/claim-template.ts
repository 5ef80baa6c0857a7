import { k8s } from 'cdk8s-plus-28';

/** What happens to a member's data volume when the StatefulSet is deleted or scaled down. */
export enum ClaimRetention {
  /** Keep the PersistentVolumeClaim, and with it the data. */
  RETAIN = 'Retain',
  /** Delete the PersistentVolumeClaim; the volume follows its reclaim policy. */
  DELETE = 'Delete',
}

export interface ClaimTemplateSpec {
  readonly name: string;
  readonly size: string;
  readonly accessModes: string[];
  readonly storageClassName?: string;
}

/** A volumeClaimTemplate: each pod of the StatefulSet gets its own claim `<name>-<pod>`. */
export function buildClaimTemplate(spec: ClaimTemplateSpec): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: spec.name },
    spec: {
      accessModes: spec.accessModes,
      storageClassName: spec.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(spec.size) } },
    },
  };
}
