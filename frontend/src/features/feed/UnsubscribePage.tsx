import { Alert, Button, Link, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { ApiError, problemMessage } from "../../lib/problem";
import { useUnsubscribe } from "./notificationsApi";

/**
 * The landing page of an email's unsubscribe link: works without signing in, and asks for
 * one click before it stops the email (mail scanners that open links change nothing).
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.unsubscribe.title"));
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const unsubscribe = useUnsubscribe(token);
  const badLink =
    !token || (unsubscribe.error instanceof ApiError && [400, 404, 422].includes(unsubscribe.error.status));

  return (
    <>
      <PageHeading>{t("feed.unsubscribe.title")}</PageHeading>
      {unsubscribe.isSuccess ? (
        <div role="status">
          <Alert data-color="success" className="notice">
            <Paragraph>{t("feed.unsubscribe.done")}</Paragraph>
          </Alert>
          <Paragraph>
            {t("feed.unsubscribe.undo")}{" "}
            <Link asChild>
              <RouterLink to="/notifications/settings">{t("feed.settings.title")}</RouterLink>
            </Link>
          </Paragraph>
        </div>
      ) : badLink ? (
        <Alert data-color="danger" className="notice">
          <Paragraph>{t("feed.unsubscribe.invalid")}</Paragraph>
        </Alert>
      ) : (
        <>
          <Paragraph>{t("feed.unsubscribe.intro")}</Paragraph>
          {unsubscribe.isError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(unsubscribe.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions">
            <Button type="button" onClick={() => unsubscribe.mutate()} loading={unsubscribe.isPending}>
              {t("feed.unsubscribe.confirm")}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
