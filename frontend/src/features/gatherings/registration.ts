import type { Me } from "../../lib/session";
import type { Gathering, Mode } from "./api";

export type Membership = Me["memberships"][number];

export type ClosedReason = "cancelled" | "closed" | "observerClosed" | "noWorkspace";

export interface RegistrationState {
  /** Why the person cannot register or change their registration, if they cannot. */
  closed: ClosedReason | null;
  /** Observers only take part online. */
  observerOnly: boolean;
  /** Modes the person may choose. */
  modes: Mode[];
  /** The workspaces the person may represent (a choice only when there are several). */
  workspaces: Membership[];
}

/** What the registration form offers a person, from the gathering and who they are. */
export function registrationState(gathering: Gathering, me: Me): RegistrationState {
  const staff = me.role === "admin" || me.role === "mentor";
  const memberships = me.memberships ?? [];
  const observerOnly =
    !staff && memberships.length > 0 && memberships.every((m) => m.tier === "observer");
  let closed: ClosedReason | null = null;
  if (gathering.cancelled) closed = "cancelled";
  else if (!staff && memberships.length === 0) closed = "noWorkspace";
  else if (observerOnly && !gathering.open_to_observers) closed = "observerClosed";
  else if (!gathering.registration_open && me.role !== "admin") closed = "closed";
  return {
    closed,
    observerOnly,
    modes: observerOnly ? ["online", "not_attending"] : ["in_person", "online", "not_attending"],
    workspaces: memberships,
  };
}
