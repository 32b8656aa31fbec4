import {
  Alert,
  Button,
  Fieldset,
  Heading,
  Paragraph,
  Radio,
  Select,
  Field,
  Label,
  Textfield,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { Me } from "../../lib/session";
import { MODES, useRegister, type Gathering, type Mode } from "./api";
import { registrationProblem } from "./problems";
import { registrationState } from "./registration";
import { formatOslo } from "./time";

/** The reader's own registration: mode, needs, which workspace; status and waiting place. */
export function RegistrationForm({ gathering, me }: { gathering: Gathering; me: Me }) {
  const { t } = useTranslation();
  const headingId = useId();
  const register = useRegister(gathering.id);
  const state = registrationState(gathering, me);
  const mine = gathering.my_registration;
  const [mode, setMode] = useState<Mode | "">(mine?.mode ?? "");
  const [diet, setDiet] = useState(mine?.diet ?? "");
  const [accessibility, setAccessibility] = useState(mine?.accessibility ?? "");
  const [workspaceId, setWorkspaceId] = useState(state.workspaces[0]?.workspace_id ?? "");
  const [missingMode, setMissingMode] = useState(false);
  const [justSaved, setJustSaved] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setJustSaved(false);
    if (!mode) {
      setMissingMode(true);
      return;
    }
    setMissingMode(false);
    register.mutate(
      {
        mode,
        diet: mode === "in_person" ? diet.trim() : "",
        accessibility: mode === "not_attending" ? "" : accessibility.trim(),
        ...(state.workspaces.length > 1 && workspaceId ? { workspace_id: workspaceId } : {}),
      },
      { onSuccess: () => setJustSaved(true) },
    );
  }

  const status = !mine ? (
    <Paragraph>{t("gatherings.registration.none")}</Paragraph>
  ) : mine.status === "waiting" ? (
    <Alert data-color="warning" className="notice" data-testid="registration-status">
      <Paragraph>
        {t("gatherings.registration.waiting", { position: String(mine.waiting_position ?? "?") })}
      </Paragraph>
    </Alert>
  ) : mine.mode === "not_attending" ? (
    <Paragraph data-testid="registration-status">{t("gatherings.registration.notAttending")}</Paragraph>
  ) : (
    <Alert data-color="success" className="notice" data-testid="registration-status">
      <Paragraph>{t("gatherings.registration.confirmed", { mode: t(`gatherings.modes.${mine.mode}`) })}</Paragraph>
    </Alert>
  );

  const deadline = gathering.registration_deadline
    ? t("gatherings.registration.deadline", { when: formatOslo(gathering.registration_deadline) })
    : t("gatherings.registration.noDeadline");

  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("gatherings.registration.title")}
      </Heading>
      {status}
      {state.closed ? (
        <Paragraph>
          {state.closed === "cancelled"
            ? t("gatherings.registration.closedCancelled")
            : state.closed === "observerClosed"
              ? t("gatherings.registration.observerClosed")
              : state.closed === "noWorkspace"
                ? t("gatherings.registration.noWorkspace")
                : t("gatherings.registration.closed")}
        </Paragraph>
      ) : (
        <form className="section" onSubmit={onSubmit} noValidate>
          <Paragraph data-size="sm">{deadline}</Paragraph>
          {state.observerOnly && <Paragraph data-size="sm">{t("gatherings.registration.observerOnline")}</Paragraph>}
          <Fieldset>
            <Fieldset.Legend>{t("gatherings.registration.mode")}</Fieldset.Legend>
            {MODES.map((m) => {
              const allowed = state.modes.includes(m);
              return (
                <Radio
                  key={m}
                  name="mode"
                  value={m}
                  checked={mode === m}
                  disabled={!allowed}
                  onChange={() => {
                    setMode(m);
                    setMissingMode(false);
                  }}
                  label={t(`gatherings.modes.${m}`)}
                  description={
                    !allowed
                      ? t("gatherings.registration.modeInPersonDisabled")
                      : m === "in_person" && gathering.capacity !== null
                        ? t("gatherings.registration.fullHint")
                        : undefined
                  }
                />
              );
            })}
            {missingMode && <ValidationMessage>{t("gatherings.registration.mode")}</ValidationMessage>}
          </Fieldset>
          {state.workspaces.length > 1 && mode !== "not_attending" && (
            <Field>
              <Label>{t("gatherings.registration.workspace")}</Label>
              <Paragraph data-size="sm" className="field-description">
                {t("gatherings.registration.workspaceHelp")}
              </Paragraph>
              <Select value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
                {state.workspaces.map((w) => (
                  <Select.Option key={w.workspace_id} value={w.workspace_id}>
                    {w.workspace_name}
                  </Select.Option>
                ))}
              </Select>
            </Field>
          )}
          {mode === "in_person" && (
            <Textfield
              label={t("gatherings.registration.diet")}
              description={t("gatherings.registration.dietHelp")}
              value={diet}
              maxLength={300}
              onChange={(e) => setDiet(e.target.value)}
            />
          )}
          {(mode === "in_person" || mode === "online") && (
            <Textfield
              label={t("gatherings.registration.accessibility")}
              description={t("gatherings.registration.accessibilityHelp")}
              value={accessibility}
              maxLength={300}
              onChange={(e) => setAccessibility(e.target.value)}
            />
          )}
          {register.isError && (
            <Alert data-color="danger" className="notice" role="alert">
              <Paragraph>{registrationProblem(register.error, t)}</Paragraph>
            </Alert>
          )}
          <p role="status" className="live-region">
            {justSaved && !register.isPending ? t("gatherings.registration.saved") : ""}
          </p>
          <div className="form__actions">
            <Button type="submit" loading={register.isPending}>
              {register.isPending
                ? t("gatherings.registration.saving")
                : mine
                  ? t("gatherings.registration.update")
                  : t("gatherings.registration.submit")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
