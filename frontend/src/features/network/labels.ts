import type { TFunction } from "i18next";

import { joinNames } from "../../lib/format";

/** "Hyllestad og Fjaler" / "Hyllestad and Fjaler" from a list of municipalities. */
export function municipalityNames(items: { name: string }[], t: TFunction): string {
  return joinNames(
    items.map((m) => m.name),
    t("common.and"),
  );
}

/** "Hyllestad (Vestland), Fjaler (Vestland)". */
export function municipalitiesWithCounty(items: { name: string; county_name: string }[]): string {
  return items.map((m) => `${m.name} (${m.county_name})`).join(", ");
}
