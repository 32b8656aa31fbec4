import { Button, Heading, List, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useDeleteMe } from "./api";

/** What deleting an account does, said the same way to the person and to the project team. */
export function WhatDeletionDoes() {
  const { t } = useTranslation();
  return (
    <List.Unordered>
      <List.Item>{t("privacy.delete.erased")}</List.Item>
      <List.Item>{t("privacy.delete.signedOut")}</List.Item>
      <List.Item>{t("privacy.delete.kept")}</List.Item>
    </List.Unordered>
  );
}

/** "Delete my account": a confirmation dialog that asks for the password. */
export function DeleteAccountSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteMe();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState(false);

  function confirm(event?: FormEvent) {
    event?.preventDefault();
    if (remove.isPending) return;
    if (password === "") {
      setMissing(true);
      return;
    }
    setMissing(false);
    remove.mutate(password, {
      onSuccess: () => {
        setOpen(false);
        // The confirmation page signs this tab out once it is shown (signing out here would
        // send the tab to /login before the navigation lands).
        void navigate("/account-deleted", { replace: true, state: { accountDeleted: true } });
      },
    });
  }

  const server = remove.isError ? fieldErrors(remove.error) : {};
  const passwordError = missing ? t("privacy.delete.passwordRequired") : server.password;
  const otherError = remove.isError && !server.password ? problemMessage(remove.error, t) : undefined;

  return (
    <section aria-labelledby="delete-account-heading" className="section">
      <Heading level={2} data-size="sm" id="delete-account-heading">
        {t("privacy.delete.title")}
      </Heading>
      <Paragraph>{t("privacy.delete.intro")}</Paragraph>
      <div>
        <Button
          variant="secondary"
          data-color="danger"
          onClick={() => {
            remove.reset();
            setPassword("");
            setMissing(false);
            setOpen(true);
          }}
        >
          {t("privacy.delete.open")}
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        title={t("privacy.delete.confirmTitle")}
        confirmLabel={t("privacy.delete.confirm")}
        danger
        pending={remove.isPending}
        error={otherError}
        onClose={() => setOpen(false)}
        onConfirm={() => confirm()}
      >
        <Paragraph>{t("privacy.delete.confirmIntro")}</Paragraph>
        <WhatDeletionDoes />
        <form onSubmit={confirm} noValidate className="form">
          <Textfield
            id="delete-account-password"
            label={t("privacy.delete.password")}
            description={t("privacy.delete.passwordHint")}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordError}
            required
          />
        </form>
      </ConfirmDialog>
    </section>
  );
}
