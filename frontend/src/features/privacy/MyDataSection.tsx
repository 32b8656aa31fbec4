import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { problemMessage } from "../../lib/problem";
import { useExportMine } from "./api";

/** "My data": download everything Samklang holds about me as a ZIP. */
export function MyDataSection() {
  const { t } = useTranslation();
  const download = useExportMine();
  return (
    <section aria-labelledby="my-data-heading" className="section">
      <Heading level={2} data-size="sm" id="my-data-heading">
        {t("privacy.myData.title")}
      </Heading>
      <Paragraph>{t("privacy.myData.intro")}</Paragraph>
      <div>
        <Button
          variant="secondary"
          loading={download.isPending}
          aria-disabled={download.isPending || undefined}
          onClick={() => {
            if (!download.isPending) download.mutate();
          }}
        >
          {download.isPending ? t("privacy.myData.preparing") : t("privacy.myData.download")}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="live-region">
        {download.isSuccess && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("privacy.myData.done")}</Paragraph>
          </Alert>
        )}
        {download.isError && (
          <Alert data-color="danger" className="notice">
            <Paragraph>
              {t("privacy.myData.failed")} {problemMessage(download.error, t)}
            </Paragraph>
          </Alert>
        )}
      </div>
    </section>
  );
}
