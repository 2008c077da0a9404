/**
 * Environment overlays: maps merge deeply, lists replace. A few keys are alternatives rather than
 * fields, so an overlay that picks a different alternative replaces the whole choice.
 */
import { isRecord } from './schema-kit.js';

type Raw = Record<string, unknown>;

const IMAGE_KINDS = ['id', 'lookup', 'ssm'];

/** The base manifest with one environment's overlay applied. */
export function applyOverlay(base: Raw, overlay: Raw): Raw {
  const merged = deepMerge(base, overlay);
  replaceAlternatives(merged, base, overlay);
  return merged;
}

function deepMerge(base: Raw, overlay: Raw): Raw {
  const result: Raw = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = result[key];
    result[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function replaceAlternatives(merged: Raw, base: Raw, overlay: Raw): void {
  // An overlay switching image: {lookup} to image: {id} means "use this id", not both.
  if (isRecord(overlay.image) && IMAGE_KINDS.some((kind) => (overlay.image as Raw)[kind] !== undefined)) {
    merged.image = overlay.image;
  }
  // A different strategy has different keys: keep nothing of the base's traffic.
  if (isRecord(overlay.traffic) && isRecord(base.traffic) && overlay.traffic.strategy !== undefined) {
    if (overlay.traffic.strategy !== base.traffic.strategy) merged.traffic = overlay.traffic;
  }
  if (isRecord(overlay.instances) && isRecord(merged.instances)) {
    const instances = { ...merged.instances };
    if (overlay.instances.types !== undefined && overlay.instances.type === undefined) delete instances.type;
    if (overlay.instances.type !== undefined && overlay.instances.types === undefined) delete instances.types;
    // A variable is one value in one of several forms: the overlay's replaces the base's whole.
    const baseVariables = isRecord(base.instances) ? base.instances.variables : undefined;
    if (isRecord(overlay.instances.variables) && isRecord(baseVariables))
      instances.variables = { ...baseVariables, ...overlay.instances.variables };
    merged.instances = instances;
  }
}
