import { Problem } from './problems';

/** The parts of a container image reference that matter for pinning and labels. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  const [nameAndTag, digest] = image.split('@', 2);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  if (colon === -1) {
    return { repository: nameAndTag, digest };
  }
  return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
}

/**
 * Every member of a cluster must run the same server version. A moving tag (`latest`, or none)
 * with IfNotPresent lets nodes that pulled at different times run different versions.
 */
export function checkPinnedImage(setting: string, image: string, example: string): Problem | undefined {
  const reference = parseImageReference(image);
  const digested = reference.digest !== undefined && /^[a-z0-9]+([+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(reference.digest);
  const tagged = reference.tag !== undefined && reference.tag !== '' && reference.tag !== 'latest';
  const pinned = reference.digest === undefined ? tagged : digested;
  if (image.trim() !== '' && !/\s/.test(image) && pinned) {
    return undefined;
  }
  return {
    setting,
    rule: 'must name a released tag or a digest, not "latest" or no tag: every member of a cluster must run the same version',
    found: image,
    fix: `pin a version, e.g. "${example}"`,
  };
}
