import { Chart, Duration } from 'cdk8s';
import { ContainerResources, EnvValue, ImagePullPolicy, k8s, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigTree, isPlainObject } from './config-document';
import { BoundDisruptionBudget, checkDisruptionBudget, DisruptionBudget } from './disruption-budget';
import { checkExtraEnv } from './environment';
import { checkExtraContainers } from './extra-containers';
import { checkExtraMounts, checkExtraVolumes } from './extra-volumes';
import { checkPositiveDuration } from './go-duration';
import { checkPinnedImage } from './image-reference';
import { checkAnnotationKeys, checkDnsLabel, checkDnsSubdomain, checkLabels, checkServiceName, checkWholeNumber } from './kubernetes-formats';
import { OwnPodLayout } from './own-pod-layout';
import { PodOptions } from './pod-options';
import { checkPodSecurity, ResolvedPodSecurity, resolvePodSecurity } from './pod-security';
import { CONFIG_CHECKSUM_ANNOTATION } from './pod-template';
import { Problem } from './problems';
import { checkScheduling, ResolvedScheduling, resolveScheduling } from './scheduling';
import { checkRawOverrides, TypedConfigKey } from './typed-config-keys';

// StatefulSet pods carry a controller-revision-hash label `<name>-<hash>` that must fit in 63
// characters, which leaves 52 for the name.
const MAX_NAME_LENGTH = 52;

/** The props every clustered-server construct has, whatever server it runs. */
export interface CommonWorkloadProps extends PodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly createNamespace?: boolean;
  readonly replicas?: number;
  readonly image?: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly resources?: ContainerResources;
  readonly clusterDomain?: string;
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly disruptionBudget?: DisruptionBudget;
  readonly automountServiceAccountToken?: boolean;
  readonly rolloutOnConfigChange?: boolean;
  readonly config?: { [key: string]: any };
}

/** What differs between the servers when the common props are left unset. */
export interface WorkloadDefaults {
  readonly name: string;
  readonly image: string;
  readonly resources: ContainerResources;
}

/** The common props with every default applied. */
export interface WorkloadSettings {
  readonly name: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly replicas: number;
  readonly image: string;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly resources: ContainerResources;
  readonly env: { [name: string]: EnvValue };
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations: { [key: string]: string };
  readonly scheduling: ResolvedScheduling;
  readonly podSecurity: ResolvedPodSecurity;
  readonly imagePullSecrets: string[];
  readonly initContainers: k8s.Container[];
  readonly extraContainers: k8s.Container[];
  readonly volumes: k8s.Volume[];
  readonly volumeMounts: k8s.VolumeMount[];
  readonly clusterDomain: string;
  readonly updateStrategy: StatefulSetUpdateStrategy;
  readonly podManagementPolicy: PodManagementPolicy;
  readonly disruptionBudget: BoundDisruptionBudget;
  readonly automountServiceAccountToken: boolean;
  readonly rolloutOnConfigChange: boolean;
  readonly rawConfig: ConfigTree;
}

export function resolveWorkloadSettings(scope: Construct, props: CommonWorkloadProps, defaults: WorkloadDefaults): WorkloadSettings {
  const name = props.name ?? defaults.name;
  return {
    name,
    namespace: props.namespace ?? Chart.of(scope).namespace ?? defaults.name,
    createNamespace: props.createNamespace ?? true,
    replicas: props.replicas ?? 3,
    image: props.image ?? defaults.image,
    imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    resources: props.resources ?? defaults.resources,
    env: props.env ?? {},
    podLabels: props.podLabels ?? {},
    podAnnotations: props.podAnnotations ?? {},
    scheduling: resolveScheduling(props.scheduling),
    podSecurity: resolvePodSecurity(props.podSecurity),
    imagePullSecrets: props.imagePullSecrets ?? [],
    initContainers: props.initContainers ?? [],
    extraContainers: props.extraContainers ?? [],
    volumes: props.volumes ?? [],
    volumeMounts: props.volumeMounts ?? [],
    clusterDomain: props.clusterDomain ?? 'cluster.local',
    updateStrategy: props.updateStrategy ?? StatefulSetUpdateStrategy.rollingUpdate(),
    podManagementPolicy: props.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY,
    disruptionBudget: (props.disruptionBudget ?? DisruptionBudget.serverDefault())._bind(),
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    rolloutOnConfigChange: props.rolloutOnConfigChange ?? true,
    rawConfig: props.config ?? {},
  };
}

/** How a server's own rules shape the common checks. */
export interface WorkloadRules {
  /** The fix offered for a bad replica count. */
  readonly replicasFix: string;
  /**
   * The prop the replica count comes from, for messages: an autoscaler's smallest count.
   * @default 'replicas'
   */
  readonly replicasSetting?: string;
  /** The default image, offered as the example of a pinned one. */
  readonly defaultImage: string;
  /** Env vars the construct renders, with the prop that controls each. */
  readonly renderedEnv: ReadonlyMap<string, string>;
  /** Labels that select the pods, which pod labels may not change. */
  readonly selectorLabels: { [key: string]: string };
  /** The config file's name, for the message about raw config. */
  readonly configFile: string;
  /** The pod's own containers, volumes, mounts and ports, which the extra ones must keep clear of. */
  readonly ownPod: OwnPodLayout;
  /**
   * The config keys the given typed props render, which the raw config must leave alone.
   * @default - none checked here
   */
  readonly typedConfigKeys?: readonly TypedConfigKey[];
}

/** Every problem with the common props. */
export function checkWorkloadSettings(settings: WorkloadSettings, rules: WorkloadRules): Problem[] {
  const problems: Array<Problem | undefined> = [
    checkServiceName('name', settings.name, MAX_NAME_LENGTH),
    checkDnsLabel('namespace', settings.namespace),
    checkDnsSubdomain('clusterDomain', settings.clusterDomain, 'cluster.local'),
    checkWholeNumber(rules.replicasSetting ?? 'replicas', settings.replicas, 1, rules.replicasFix),
    ...checkDisruptionBudget(settings.disruptionBudget, settings.replicas, rules.replicasSetting),
    checkPinnedImage('image', settings.image, rules.defaultImage),
    ...checkExtraEnv(settings.env, rules.renderedEnv),
    ...checkPodMetadata(settings, rules.selectorLabels),
    ...checkScheduling(settings.scheduling),
    ...checkPodSecurity(settings.podSecurity),
    ...settings.imagePullSecrets.map((name, index) => checkDnsSubdomain(`imagePullSecrets[${index}]`, name, 'registry-credentials')),
    ...checkPodExtras(settings, rules.ownPod),
    isPlainObject(settings.rawConfig) ? undefined : {
      setting: 'config', rule: `must be a map of ${rules.configFile} keys`, found: settings.rawConfig, fix: `pass an object whose keys are ${rules.configFile} keys`,
    },
    ...checkRawOverrides(settings.rawConfig, rules.typedConfigKeys ?? [], rules.configFile),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

/** A grace period: at least `minimumMillis`, in whole seconds (the pod field is in seconds). */
export function checkGracePeriodProp(setting: string, duration: Duration, minimumMillis: number): Problem[] {
  const millis = duration.toMilliseconds({ integral: false });
  const problems: Array<Problem | undefined> = [
    checkPositiveDuration(setting, duration, minimumMillis),
    millis % 1000 === 0 ? undefined : {
      setting, rule: 'must be a whole number of seconds', found: `${millis}ms`, fix: 'round it to seconds, e.g. Duration.seconds(30)',
    },
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

function checkPodExtras(settings: WorkloadSettings, own: OwnPodLayout): Problem[] {
  const volumes = [...own.volumes, ...settings.volumes.map((v) => v.name)];
  return [
    ...checkExtraVolumes(settings.volumes, own),
    ...checkExtraMounts(settings.volumeMounts, own, volumes),
    ...checkExtraContainers(settings, own, volumes),
  ];
}

function checkPodMetadata(settings: WorkloadSettings, selectorLabels: { [key: string]: string }): Problem[] {
  const problems = [...checkLabels('podLabels', settings.podLabels), ...checkAnnotationKeys('podAnnotations', settings.podAnnotations)];
  for (const [key, value] of Object.entries(selectorLabels)) {
    if (key in settings.podLabels && settings.podLabels[key] !== value) {
      problems.push({
        setting: `podLabels "${key}"`,
        rule: `must not change a selector label (the StatefulSet and Services select "${value}")`,
        found: settings.podLabels[key],
        fix: 'remove the label; change the name prop to change the selector',
      });
    }
  }
  if (CONFIG_CHECKSUM_ANNOTATION in settings.podAnnotations) {
    problems.push({
      setting: `podAnnotations "${CONFIG_CHECKSUM_ANNOTATION}"`,
      rule: 'is set by the construct',
      found: settings.podAnnotations[CONFIG_CHECKSUM_ANNOTATION],
      fix: 'remove it, or set rolloutOnConfigChange: false and manage rollouts yourself',
    });
  }
  return problems;
}
