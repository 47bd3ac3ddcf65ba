import type { PrismaClient } from "../db/generated/client";
import { ASPECT_RATIOS, DEFAULT_IMAGE_MODEL, type AspectRatio } from "../gemini/image-models";

/** How an enhance template version makes variants. */
export interface EnhanceSettings {
  versionId: string;
  instructions: string;
  variants: number;
  aspectRatio: AspectRatio | null;
  model: string;
}

// Versions never change once written: what a version is (enhance or not) is read once per process.
const cache = new Map<string, EnhanceSettings | null>();

/** The enhance settings of a template version, or null when it is not an enhance template's. */
export async function enhanceSettingsOf(db: PrismaClient, versionId: string | null | undefined, defaultVariants: number): Promise<EnhanceSettings | null> {
  if (!versionId) return null;
  if (!cache.has(versionId)) {
    const version = await db.templateVersion.findUnique({
      where: { id: versionId },
      select: { instructions: true, variants: true, aspectRatio: true, model: true, template: { select: { kind: true } } },
    });
    if (cache.size > 500) cache.clear();
    cache.set(
      versionId,
      version?.template.kind === "enhance"
        ? {
            versionId,
            instructions: version.instructions,
            variants: version.variants ?? 0,
            aspectRatio: ASPECT_RATIOS.includes(version.aspectRatio as AspectRatio) ? (version.aspectRatio as AspectRatio) : null,
            model: version.model ?? DEFAULT_IMAGE_MODEL,
          }
        : null,
    );
  }
  const settings = cache.get(versionId) ?? null;
  // A version that names no number makes ENHANCED_IMAGES_COUNT variants.
  return settings && { ...settings, variants: settings.variants || defaultVariants };
}
