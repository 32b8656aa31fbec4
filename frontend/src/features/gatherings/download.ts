import { slug as baseSlug } from "../../lib/download";

export { saveBlob } from "../../lib/download";

/** A file name from a title: "Samling 1: Oppstart" → "samling-1-oppstart". */
export function slug(title: string): string {
  return baseSlug(title, "samling");
}
