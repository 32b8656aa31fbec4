import type { Gathering, GatheringIn, Material } from "./api";
import { fromOsloLocal, toOsloLocal } from "./time";

let counter = 0;
export const rowKey = () => `row-${++counter}`;

export interface MaterialRow {
  key: string;
  title: string;
  url: string;
}

export interface AgendaRow {
  key: string;
  startsAt: string;
  title: string;
  lead: string;
  materials: MaterialRow[];
}

export interface PoolRow {
  key: string;
  name: string;
  seats: string;
  workspaceIds: string[];
}

export interface EditValues {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  address: string;
  onlineUrl: string;
  openToObservers: boolean;
  capacity: string;
  seatsPerWorkspace: string;
  deadline: string;
  agenda: AgendaRow[];
  materials: MaterialRow[];
  pools: PoolRow[];
}

const materialRows = (materials: Material[]): MaterialRow[] =>
  materials.map((m) => ({ key: rowKey(), title: m.title, url: m.url ?? "" }));

export function editValues(g?: Gathering): EditValues {
  return {
    title: g?.title ?? "",
    description: g?.description ?? "",
    startsAt: toOsloLocal(g?.starts_at),
    endsAt: toOsloLocal(g?.ends_at),
    place: g?.place ?? "",
    address: g?.address ?? "",
    onlineUrl: g?.online_url ?? "",
    openToObservers: g?.open_to_observers ?? false,
    capacity: g?.capacity != null ? String(g.capacity) : "",
    seatsPerWorkspace: g?.seats_per_workspace != null ? String(g.seats_per_workspace) : "",
    deadline: toOsloLocal(g?.registration_deadline),
    agenda: (g?.agenda ?? []).map((a) => ({
      key: rowKey(),
      startsAt: toOsloLocal(a.starts_at),
      title: a.title,
      lead: a.lead ?? "",
      materials: materialRows(a.materials),
    })),
    materials: materialRows(g?.materials ?? []),
    pools: (g?.seat_pools ?? []).map((p) => ({
      key: rowKey(),
      name: p.name,
      seats: String(p.seats),
      workspaceIds: [...p.workspace_ids],
    })),
  };
}

const URL_PATTERN = /^https?:\/\/\S+$/;

export function parseCount(value: string): number | null | "invalid" {
  const text = value.trim();
  if (!text) return null;
  return /^\d{1,6}$/.test(text) ? Number(text) : "invalid";
}

export type EditErrors = Record<string, string>;

export interface EditMessages {
  required: string;
  titleRequired: string;
  startsRequired: string;
  endsRequired: string;
  endsAfterStart: string;
  urlInvalid: string;
  numberInvalid: string;
  poolWorkspacesRequired: string;
}

/** Check the form; field names follow the API (`agenda.0.title`), so server errors line up. */
export function validate(v: EditValues, m: EditMessages): EditErrors {
  const errors: EditErrors = {};
  if (!v.title.trim()) errors.title = m.titleRequired;
  const starts = fromOsloLocal(v.startsAt);
  const ends = fromOsloLocal(v.endsAt);
  if (!starts) errors.starts_at = m.startsRequired;
  if (!ends) errors.ends_at = m.endsRequired;
  if (starts && ends && ends <= starts) errors.ends_at = m.endsAfterStart;
  if (v.onlineUrl.trim() && !URL_PATTERN.test(v.onlineUrl.trim())) errors.online_url = m.urlInvalid;
  if (parseCount(v.capacity) === "invalid") errors.capacity = m.numberInvalid;
  if (parseCount(v.seatsPerWorkspace) === "invalid") errors.seats_per_workspace = m.numberInvalid;
  const checkMaterials = (rows: MaterialRow[], prefix: string) =>
    rows.forEach((r, i) => {
      if (!r.title.trim()) errors[`${prefix}.${i}.title`] = m.required;
      if (r.url.trim() && !URL_PATTERN.test(r.url.trim())) errors[`${prefix}.${i}.url`] = m.urlInvalid;
    });
  v.agenda.forEach((a, i) => {
    if (!fromOsloLocal(a.startsAt)) errors[`agenda.${i}.starts_at`] = m.required;
    if (!a.title.trim()) errors[`agenda.${i}.title`] = m.required;
    checkMaterials(a.materials, `agenda.${i}.materials`);
  });
  checkMaterials(v.materials, "materials");
  v.pools.forEach((p, i) => {
    if (!p.name.trim()) errors[`seat_pools.${i}.name`] = m.required;
    const seats = parseCount(p.seats);
    if (seats === null) errors[`seat_pools.${i}.seats`] = m.required;
    else if (seats === "invalid") errors[`seat_pools.${i}.seats`] = m.numberInvalid;
    if (p.workspaceIds.length === 0) errors[`seat_pools.${i}.workspace_ids`] = m.poolWorkspacesRequired;
  });
  return errors;
}

const materialsOut = (rows: MaterialRow[]) => rows.map((r) => ({ title: r.title.trim(), url: r.url.trim() }));

/** The body for POST (and PATCH: the same fields, all sent). Assumes validate() passed. */
export function toBody(v: EditValues): GatheringIn {
  const count = (value: string) => {
    const n = parseCount(value);
    return typeof n === "number" ? n : null;
  };
  return {
    title: v.title.trim(),
    description: v.description,
    starts_at: fromOsloLocal(v.startsAt) ?? "",
    ends_at: fromOsloLocal(v.endsAt) ?? "",
    place: v.place.trim(),
    address: v.address.trim(),
    online_url: v.onlineUrl.trim(),
    open_to_observers: v.openToObservers,
    capacity: count(v.capacity),
    seats_per_workspace: count(v.seatsPerWorkspace),
    registration_deadline: fromOsloLocal(v.deadline),
    agenda: v.agenda.map((a) => ({
      starts_at: fromOsloLocal(a.startsAt) ?? "",
      title: a.title.trim(),
      lead: a.lead.trim(),
      materials: materialsOut(a.materials),
    })),
    materials: materialsOut(v.materials),
    seat_pools: v.pools.map((p) => ({
      name: p.name.trim(),
      seats: count(p.seats) ?? 0,
      workspace_ids: p.workspaceIds,
    })),
  };
}

export function move<T>(rows: T[], index: number, by: number): T[] {
  const next = [...rows];
  const [row] = next.splice(index, 1);
  if (row === undefined) return rows;
  next.splice(Math.max(0, Math.min(next.length, index + by)), 0, row);
  return next;
}
