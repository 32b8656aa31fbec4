import { Alert, Button, Fieldset, Paragraph, Radio } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { problemMessage } from "../../lib/problem";
import { useDeleteUser, useExportUser } from "./api";
import { WhatDeletionDoes } from "./DeleteAccountSection";

export interface UserDataActionsProps {
  userId: string;
  name: string;
  /** Called after the account is deleted (the list it sits in should reload). */
  onDeleted?: (name: string) => void;
}

/** The project team's "Download data" and "Delete user" for one person. */
export function UserDataActions({ userId, name, onDeleted }: UserDataActionsProps) {
  const { t } = useTranslation();
  const download = useExportUser();
  const remove = useDeleteUser();
  const [open, setOpen] = useState(false);
  const [erase, setErase] = useState(false);

  return (
    <>
      <Button
        variant="tertiary"
        data-size="sm"
        loading={download.isPending}
        aria-disabled={download.isPending || undefined}
        onClick={() => {
          if (!download.isPending) download.mutate({ id: userId, name });
        }}
        aria-label={t("privacy.admin.downloadFor", { name })}
      >
        {download.isPending ? t("privacy.myData.preparing") : t("privacy.admin.download")}
      </Button>
      <Button
        variant="tertiary"
        data-size="sm"
        data-color="danger"
        onClick={() => {
          remove.reset();
          setErase(false);
          setOpen(true);
        }}
        aria-label={t("privacy.admin.deleteFor", { name })}
      >
        {t("privacy.admin.delete")}
      </Button>
      {download.isError && (
        <div role="alert">
          <Alert data-color="danger" className="notice">
            <Paragraph>
              {t("privacy.myData.failed")} {problemMessage(download.error, t)}
            </Paragraph>
          </Alert>
        </div>
      )}
      <ConfirmDialog
        open={open}
        title={t("privacy.admin.confirmTitle", { name })}
        confirmLabel={t("privacy.admin.confirm")}
        danger
        pending={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          remove.mutate(
            { id: userId, eraseContent: erase },
            {
              onSuccess: () => {
                setOpen(false);
                onDeleted?.(name);
              },
            },
          )
        }
      >
        <WhatDeletionDoes />
        <Fieldset>
          <Fieldset.Legend>{t("privacy.admin.contentLegend")}</Fieldset.Legend>
          <Radio
            name={`content-${userId}`}
            value="keep"
            checked={!erase}
            onChange={() => setErase(false)}
            label={t("privacy.admin.keep")}
            description={t("privacy.admin.keepHint")}
          />
          <Radio
            name={`content-${userId}`}
            value="erase"
            checked={erase}
            onChange={() => setErase(true)}
            label={t("privacy.admin.erase")}
            description={t("privacy.admin.eraseHint")}
          />
        </Fieldset>
      </ConfirmDialog>
    </>
  );
}
