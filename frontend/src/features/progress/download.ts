import { slug as baseSlug } from "../../lib/download";

export { isoToday, saveBlob } from "../../lib/download";

/** A report's file name from its title: "Underveisrapport: Bodø" → "underveisrapport-bodo". */
export function slug(title: string, fallback = "rapport"): string {
  return baseSlug(title, fallback);
}
