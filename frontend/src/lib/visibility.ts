import type { components } from "../api/schema";

/** The four visibility levels, from the narrowest (the workspace) to the widest (public). */
export type Visibility = components["schemas"]["Visibility"];

export const VISIBILITIES: Visibility[] = ["workspace", "network", "observers", "public"];

export function visibilityRank(level: Visibility): number {
  return VISIBILITIES.indexOf(level);
}
